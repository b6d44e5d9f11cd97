"""Channel-fit: recommend e-commerce, WeChat distribution or a mix, with the reasons shown.

The public names below are imported on first use, so importing one small module of the package
(say `advisor.i18n`, or the web server's warm-up) does not load pandas and the engine with it.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from advisor.batch import score_frame
    from advisor.decision import Contribution, Recommendation, recommend
    from advisor.profile import Profile, ProfileError, parse_profile
    from advisor.rules import RuleBase, RuleFileError, load_rules

_HOMES = {
    "score_frame": "advisor.batch",
    "Contribution": "advisor.decision",
    "Recommendation": "advisor.decision",
    "recommend": "advisor.decision",
    "Profile": "advisor.profile",
    "ProfileError": "advisor.profile",
    "parse_profile": "advisor.profile",
    "RuleBase": "advisor.rules",
    "RuleFileError": "advisor.rules",
    "load_rules": "advisor.rules",
}
__all__ = [
    "Contribution",
    "Profile",
    "ProfileError",
    "Recommendation",
    "RuleBase",
    "RuleFileError",
    "load_rules",
    "parse_profile",
    "recommend",
    "score_frame",
]


def __getattr__(name: str) -> Any:
    """A public name, imported from its module the first time it is asked for."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'advisor' has no attribute {name!r}")
    return getattr(import_module(home), name)
