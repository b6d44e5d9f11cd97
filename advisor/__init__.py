"""Channel-fit: recommend e-commerce, WeChat distribution or a mix, with the reasons shown."""

from advisor.batch import score_frame
from advisor.decision import Contribution, Recommendation, recommend
from advisor.profile import Profile, ProfileError, parse_profile
from advisor.rules import RuleBase, RuleFileError, load_rules

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
