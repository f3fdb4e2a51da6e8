"""Read-only questions about the network, answered from the index as model objects.

`Network` (network.py) loads the contacts once with their dates worked out (last contact,
next due) and answers who is due and who someone is; it hands the other questions to a
module each: `language` (the terms of `list`), `search` (`find`), `shape` (`stats`) and
`checks` (`check`); `maybe_due` says which rows `due` need read. Nothing here writes.
"""

from .language import FIELD_ALIASES, sort_contacts
from .network import REASON_ORDER, Network
from .search import SearchHit
from .shape import RHYTHMS, NetworkStats

__all__ = ["FIELD_ALIASES", "REASON_ORDER", "RHYTHMS", "Network", "NetworkStats", "SearchHit", "sort_contacts"]
