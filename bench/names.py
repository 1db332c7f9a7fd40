"""Word pools for the synthetic record: names, titles, places, publishers, sentences."""

US_FIRST = (
    "James John Robert Michael William David Richard Joseph Thomas Charles Christopher Daniel "
    "Matthew Anthony Mark Donald Steven Paul Andrew Joshua Kenneth Kevin Brian George Timothy "
    "Ronald Edward Jason Jeffrey Ryan Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin "
    "Scott Brandon Benjamin Samuel Gregory Alexander Patrick Frank Raymond Jack Dennis Jerry "
    "Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Lisa Nancy Betty "
    "Sandra Margaret Ashley Kimberly Emily Donna Michelle Carol Amanda Melissa Deborah Stephanie "
    "Rebecca Laura Sharon Cynthia Kathleen Amy Angela Shirley Anna Brenda Pamela Nicole Katherine"
).split()
US_LAST = (
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez "
    "Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris "
    "Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill "
    "Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips "
    "Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers "
    "Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson "
    "Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo "
    "Sanders Patel Myers Long Ross Foster Jimenez Powell Jenkins Perry Russell Sullivan Bell "
    "Coleman Butler Henderson Barnes Fisher Vasquez Simmons Romero Jordan Patterson Alexander "
    "Hamilton Graham Reynolds Griffin Wallace Moreno West Cole Hayes Bryant Herrera Gibson Ellis"
).split()
CN_SURNAMES = (
    "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Gao Lin Luo Zheng "
    "Liang Xie Song Tang Han Feng Deng Cao Peng Zeng Xiao Tian Dong Yuan Pan Cai Jiang Yu Du Ye "
    "Cheng Wei Su Lu Ding Ren Shen Yao Jin Fu Zhong Fan Wan Qiu Xiong Meng Qin Bai Jia Cui Kang"
).split()
CN_SYLLABLES = (
    "an bin bo chang chao cheng chun da dong fang fei feng gang guang guo hai hao he hong hua hui "
    "jian jie jin jun kai lei liang lin long ming nan ning peng ping qiang qing rong rui sheng shi "
    "song tao tian ting wei wen xiang xiao xin xing xu yan yang yi ying yong yu yuan yun ze zhen "
    "zheng zhi zhong"
).split()

US_TITLES = {
    "defense": (
        "Secretary of Defense", "Deputy Secretary of Defense", "Chairman of the Joint Chiefs of Staff",
        "Under Secretary of Defense for Policy", "Commander, US Indo-Pacific Command",
        "Assistant Secretary of Defense for Indo-Pacific Security Affairs",
        "Deputy Assistant Secretary of Defense for China", "Chief of Naval Operations",
        "Commander, US Pacific Fleet", "Defense Attaché in Beijing",
    ),
    "leader": ("President", "Vice President", "National Security Advisor"),
    "diplomatic": (
        "Secretary of State", "Deputy Secretary of State", "Ambassador to China",
        "Assistant Secretary of State for East Asian and Pacific Affairs",
    ),
}
CN_TITLES = {
    "defense": (
        "Minister of National Defense", "Vice Chairman of the Central Military Commission",
        "Chief of the Joint Staff Department", "Deputy Chief of the Joint Staff Department",
        "Commander of the PLA Navy", "Commander of the Southern Theater Command",
        "Director of the Office for International Military Cooperation", "Defense Attaché in Washington",
    ),
    "leader": ("President", "Premier", "Vice President"),
    "diplomatic": (
        "Foreign Minister", "Vice Foreign Minister", "Ambassador to the United States",
        "Director of the Office of the Central Foreign Affairs Commission",
    ),
}
DELEGATIONS = {"US": "US defense delegation", "CN": "PLA delegation"}

LOCATIONS = (
    "Beijing, China", "Washington, DC", "Singapore", "Honolulu, Hawaii", "Kuala Lumpur, Malaysia",
    "Jakarta, Indonesia", "Bangkok, Thailand", "Qingdao, China", "San Francisco, California",
    "Phnom Penh, Cambodia", "Bali, Indonesia", "Hanoi, Vietnam", "Vientiane, Laos", "Tianjin, China",
)
CHANNELS = {
    "phone_call": ("Defense Telephone Link",),
    "video_conference": ("Defense Telephone Link", "Defense Policy Coordination Talks"),
    "in_person_meeting": (
        "Military Maritime Consultative Agreement talks", "Defense Consultative Talks",
        "Shangri-La Dialogue", "ADMM-Plus", "Defense Policy Coordination Talks",
        "Asia-Pacific Security Dialogue",
    ),
}
PUBLISHERS = {
    "us_readout": ("US Department of Defense", "Joint Chiefs of Staff", "US Department of State"),
    "cn_readout": ("China Military Online", "PRC Ministry of National Defense", "PRC Embassy in the US"),
    "press": ("AP", "Reuters", "Xinhua", "South China Morning Post", "Defense News", "Nikkei Asia",
              "The New York Times", "Global Times", "Breaking Defense", "The Diplomat"),
}
URL_PATTERNS = {
    "us_readout": "https://www.defense.gov/News/Releases/Release/Article/{n}/",
    "cn_readout": "http://eng.mod.gov.cn/xb/News_213114/TopStories/{y}-{m:02}/{d:02}/content_{n}.html",
    "press": "https://news.example.org/{y}/{m:02}/{d:02}/story-{n}",
}
VERBS = {
    "phone_call": "spoke by phone with",
    "video_conference": "held a video call with",
    "in_person_meeting": "met",
    "written": "exchanged letters with",
    "other": "talked with",
}
TOPIC_PHRASES = {
    "Taiwan": "the Taiwan question", "South China Sea": "the South China Sea",
    "East China Sea": "the East China Sea", "Ukraine": "Russia's war in Ukraine",
    "North Korea": "North Korea's missile launches", "Nuclear": "nuclear risk reduction",
    "Cyber": "cyber security", "Space": "space security", "Crisis communication":
    "crisis communication channels", "Military relations": "military-to-military relations",
    "COVID-19": "cooperation on COVID-19", "Maritime safety": "unsafe encounters at sea and in the air",
    "Afghanistan": "the situation in Afghanistan", "Iran": "Iran's nuclear programme",
}
CLOSERS = (
    "Both sides agreed to keep communication channels open.",
    "The Chinese side urged the United States to stop provocations near its coast.",
    "The US side stressed the importance of responsible management of competition.",
    "Officials described the talks as candid and constructive.",
    "The two agreed to meet again later in the year.",
    "No joint statement was issued.",
    "It was the first such contact in several months.",
    "Analysts said the exchange signalled a modest thaw.",
)
