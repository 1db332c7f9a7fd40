"""Every bound on input, in one place: the schemas, the form, the filters, the API and the
ingest flow import them from here, and the README's Limits section lists them."""

# Rows of one event.
MAX_PARTICIPANTS = 50
MAX_TOPICS = 30
MAX_SOURCES = 50

# Text fields (the columns in app/models.py have the same lengths).
MAX_TITLE = 300
MAX_NAME = 200
MAX_SHORT_TEXT = 300  # participant titles, source headlines
MAX_CHANNEL = 200
MAX_PLACE = 200
MAX_LONG_TEXT = 5000  # summaries and quotes
MAX_UNCERTAIN_REASON = 1000
MAX_TOPIC_NAME = 100
MAX_PUBLISHER = 200
MAX_URL = 2000
MAX_DURATION_MINUTES = 10080  # a week

# An uploaded or pasted article (POST /api/extract, ingest): UTF-8 bytes.
MAX_ARTICLE_BYTES = 1_000_000
# A posted form, whole (the ingest form carries an article: its text may arrive with CRLF line
# ends, twice its bytes, and a file beside it). Larger bodies get 413 before they are parsed.
MAX_FORM_BYTES = 4 * MAX_ARTICLE_BYTES
# A JSON request body, whole (POST /api/extract carries an article; JSON escapes can make
# non-ASCII text twice its UTF-8 bytes). Larger bodies get 413 before they are read.
MAX_JSON_BYTES = 4 * MAX_ARTICLE_BYTES

# Ids and versions in paths, forms and cursors: the columns are INTEGER, 32-bit on PostgreSQL
# (a larger number fails in the database, not just misses).
MAX_ID = 2**31 - 1

# Pages and filters.
MAX_PAGE_SIZE = 200  # `limit` of GET /api/events
MAX_FILTER_VALUES = 20  # per repeatable filter parameter
MAX_FILTER_TEXT = 200  # q and who
