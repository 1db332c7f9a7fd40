TEXT = "Lloyd Austin spoke by phone with Wei Fenge on Wednesday. The call lasted about 45 minutes."


def test_extract_returns_the_contract(client):
    r = client.post("/api/extract", json={"text": TEXT, "published": "2022-04-20",
                                          "publisher": "AP", "url": "https://example.org/a"})
    assert r.status_code == 200
    data = r.json()
    assert data["article"] == {"published": "2022-04-20", "publisher": "AP",
                               "url": "https://example.org/a", "title": None}
    event = data["events"][0]
    assert (event["date"], event["medium"], event["duration_minutes"]) == (
        "2022-04-20", "phone_call", 45)
    assert [p["name"] for p in event["participants"]] == ["Lloyd Austin", "Wei Fenghe"]


def test_extract_saves_nothing(client):
    client.post("/api/extract", json={"text": TEXT, "published": "2022-04-20"})
    assert client.get("/api/events").json().get("items", []) == []


def test_extract_rejects_bad_input_with_422(client):
    cases = [
        {},
        {"text": ""},
        {"text": TEXT, "published": "2022-14-40"},
        {"text": TEXT, "unknown": 1},
        {"text": "x" * 1_000_001},
    ]
    for body in cases:
        r = client.post("/api/extract", json=body)
        assert r.status_code == 422, body
        assert r.json()["detail"]


def test_extract_rejects_non_json(client):
    r = client.post("/api/extract", content=b"not json", headers={"content-type": "text/plain"})
    assert r.status_code == 422
