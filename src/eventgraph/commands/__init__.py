"""CLI commands, one module per command group; each module exposes ``register(app)``.

The CLI is thin: commands parse arguments and call the library functions of the same name.
"""
