"""Versions of what vaultnet writes into its cache, kept apart so reading them is cheap."""

# Bump when parse_note's output (or what the index derives from it) changes: caches
# built by another version are re-parsed.
PARSER_VERSION = 99
