"""The public web site: the DIP, the exempt list, announcements and documents for everyone.

A front door beside `handlers/`: Starlette routes (`web/pages/`) call the services of `bot/`
(`bot.public_site`, `bot.public_search`) and render Jinja2 templates (`web/templates/`); nothing
here reads the database or knows Telegram. `web.app.build_site` makes the ASGI application,
`web.server` serves it with uvicorn in the bot's own event loop, `web.export` writes the same pages
as plain files. Imports go `web -> bot -> storage`; `bot/` reaches `web/` only from the
composition root (`bot/app.py`).
"""
