"""One module per `rmdesk COMMAND`; each exposes ``register(subparsers, L)``."""
