"""The web post: each issue as a static HTML page, an index of issues and an Atom feed.

Takes issue files and their brand; gives a folder a web server can publish as it
is (see `site.post_issues`). Uses Jinja2 templates beside these modules (a brand
may replace any of them) and the screen edition made by `build`. Must not touch
ReportLab: the page is made with the web's own tools, and the PDF comes from the
build API.
"""
