"""The qabot application: the `qabot` command line (index, ask, eval, run, sync).

The layers, each depending only on those below it:

    qabot/  command line            (typer, rich)
    bot/    the Discord bot          (discord.py)
    index/  the library: ingest, embed, index, search (never imports the two above)
"""
