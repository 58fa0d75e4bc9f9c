"""The site's pages, one module per page or family of pages, each exposing `ROUTES`.

Every route is served twice by `web.app.build_site`: at its path (Indonesian) and under `/en`
(English). Paths end with a slash (a page is a folder, so the static export can write
`<path>/index.html`), files and feeds with their extension.
"""
