"""Page-weight budgets: the bytes (gzip, as hosts send them) a phone may download, in one place.

Checked on the sample site by tests/test_budgets.py. Each budget leaves some room above what the
site weighs now (noted after each), so a small change passes and a heavy one is caught: raise a
budget only with a reason in the commit, after looking for what to take out instead.
"""

KB = 1024

# HTML of one page, gzip.
PROFILE_HTML = 10 * KB  # the heaviest sample profile: 7.0 KB
LISTING_HTML = 14 * KB  # a full page of 24 cards: 9.2 KB
HOME_HTML = 10 * KB  # 6.6 KB

# Everything a page links in <head> and <body> (stylesheets; scripts run on opening), gzip.
# Most of it is mkdocs-material's own: main.css 22 KB, bundle.js 36 KB.
CSS_TOTAL = 32 * KB  # 28 KB
# 44 KB on a profile (share buttons, reading offline); search engine on demand. Raised from
# 44 KB for the search panel's keyboard handling and the lists a query names (+0.9 KB).
JS_TOTAL = 46 * KB
