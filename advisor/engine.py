"""The scoring engine: rules compiled to numpy, so one profile and a million are scored alike."""

from __future__ import annotations

import numbers
import os
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import reduce

import numpy as np
import pandas as pd

from advisor.errors import WeightError as WeightError  # re-exported for callers of the engine
from advisor.i18n import DEFAULT_LANG, Lang
from advisor.profile import DERIVED_FIELDS, FIELD_SPECS, PROFILE_FIELDS, FieldSpec, Profile
from advisor.rules import (
    CHANNELS,
    DIMENSIONS,
    RECOMMENDATION_FIELD,
    AllOf,
    Condition,
    Leaf,
    RuleBase,
)
from advisor.weights import check_weights

Columns = dict[str, np.ndarray]  # one float64 array per field; NaN means unknown
Evaluator = Callable[[Columns], np.ndarray]  # degree of truth per row, in [0, 1]
ECOMMERCE, WECHAT, MIX = 0, 1, 2
SPECS: dict[str, FieldSpec] = {
    **FIELD_SPECS,
    **DERIVED_FIELDS,
    "recommendation": RECOMMENDATION_FIELD,
}


def code(spec: FieldSpec, value: object) -> float:
    """Numeric code of a value: choices become their index, yes/no become 1/0."""
    if spec.kind == "choice":
        return float(spec.choices.index(value))
    if isinstance(value, numbers.Real):
        return float(value)
    raise TypeError(f"{spec.name}: {value!r} is not a number")


def _bounds(leaf: Leaf) -> tuple[float, float]:
    """A ramp's or range's low and high (the loader makes sure both are given)."""
    if leaf.low is None or leaf.high is None:
        raise ValueError(f"{leaf.field} {leaf.op}: low and high are both needed")
    return float(leaf.low), float(leaf.high)


def _values(leaf: Leaf) -> np.ndarray:
    spec = SPECS[leaf.field]
    values = leaf.value if isinstance(leaf.value, list) else [leaf.value]
    return np.array([code(spec, v) for v in values], dtype=np.float64)


def _compile_leaf(leaf: Leaf) -> Evaluator:
    """Turn one test into a vectorised function; unknown values (NaN) never fire."""
    name, op = leaf.field, leaf.op
    if op in ("ramp_up", "ramp_down"):
        low, high = _bounds(leaf)
        inverse = 1.0 / (high - low)
        if op == "ramp_up":  # fmax maps NaN (unknown) to 0
            return lambda cols: np.minimum(np.fmax((cols[name] - low) * inverse, 0.0), 1.0)
        return lambda cols: np.minimum(np.fmax((high - cols[name]) * inverse, 0.0), 1.0)
    if op == "between":
        low, high = _bounds(leaf)
        return lambda cols: ((cols[name] >= low) & (cols[name] <= high)).astype(np.float64)
    values = [float(v) for v in _values(leaf)]
    if op in ("in", "not_in"):
        inside = op == "in"

        def member(cols: Columns) -> np.ndarray:
            x = cols[name]
            hit = x == values[0]
            for value in values[1:]:
                hit |= x == value
            return (hit if inside else ~hit & (x == x)).astype(np.float64)

        return member
    value = values[0]
    if op == "ne":  # NaN != value is true, so unknown must be excluded explicitly
        return lambda cols: ((cols[name] != value) & (cols[name] == cols[name])).astype(np.float64)
    compare = {
        "eq": np.equal,
        "lt": np.less,
        "le": np.less_equal,
        "gt": np.greater,
        "ge": np.greater_equal,
    }[op]
    return lambda cols: compare(cols[name], value).astype(np.float64)


def compile_condition(condition: Condition) -> Evaluator:
    """Compile a condition tree; 'all' takes the weakest part, 'any' the strongest (fuzzy logic)."""
    if isinstance(condition, Leaf):
        return _compile_leaf(condition)
    is_all = isinstance(condition, AllOf)
    parts = [compile_condition(c) for c in (condition.all if isinstance(condition, AllOf) else condition.any)]
    combine = np.minimum if is_all else np.maximum
    if len(parts) == 1:
        return parts[0]
    return lambda cols: reduce(combine, (part(cols) for part in parts))


@dataclass(frozen=True)
class CompiledRules:
    """The rule base as arrays: one evaluator per rule then per limit, effects, dimensions, caps."""

    base: RuleBase
    evaluators: tuple[Evaluator, ...]  # rules first, then limits: the columns of rule_degrees
    effects: np.ndarray  # (rules, 3)
    dimension_of_rule: np.ndarray
    caps: np.ndarray  # (limits, 3): each limit's full cap per channel, 100 where it caps nothing
    flag_evaluators: tuple[Evaluator, ...]
    action_evaluators: tuple[Evaluator | None, ...]
    action_unless: tuple[Evaluator | None, ...]

    @property
    def n_rules(self) -> int:
        """How many of the degree columns are rules (the rest are limits)."""
        return len(self.base.rules)


_COMPILED: dict[tuple[str, str], CompiledRules] = {}


def _compile(rules: RuleBase) -> CompiledRules:
    effects = np.array(
        [[rule.effect.get(channel, 0.0) for channel in CHANNELS] for rule in rules.rules],
        dtype=np.float64,
    ).reshape(len(rules.rules), len(CHANNELS))
    caps = np.array(
        [[limit.cap.get(channel, 100.0) for channel in CHANNELS] for limit in rules.limits],
        dtype=np.float64,
    ).reshape(len(rules.limits), len(CHANNELS))
    return CompiledRules(
        base=rules,
        evaluators=tuple(
            compile_condition(c) for c in [r.when for r in rules.rules] + [x.when for x in rules.limits]
        ),
        effects=effects,
        dimension_of_rule=np.array([DIMENSIONS.index(r.dimension) for r in rules.rules], dtype=np.intp),
        caps=caps,
        flag_evaluators=tuple(compile_condition(flag.when) for flag in rules.flags),
        action_evaluators=tuple(
            None if action.when is None else compile_condition(action.when) for action in rules.actions
        ),
        action_unless=tuple(
            None if action.unless is None else compile_condition(action.unless) for action in rules.actions
        ),
    )


def compile_rules(rules: RuleBase) -> CompiledRules:
    """Compile a rule base once; the cache key is the file's content hash and path."""
    key = (rules.version, rules.path)
    if key not in _COMPILED:
        _COMPILED[key] = _compile(rules)
    return _COMPILED[key]


def weight_vector(
    rules: RuleBase, overrides: Mapping[str, float] | None = None, lang: Lang = DEFAULT_LANG
) -> np.ndarray:
    """Dimension weights in DIMENSIONS order: the file's defaults with any overrides applied."""
    weights = check_weights(overrides, rules.weights, lang)
    return np.array([weights[d] for d in DIMENSIONS], dtype=np.float64)


def with_derived(cols: Columns) -> Columns:
    """Add derived fields: gross margin is (price - cost) / price, unknown if either is."""
    price, cost = cols["retail_price"], cols["unit_cost"]
    with np.errstate(divide="ignore", invalid="ignore"):
        cols["gross_margin"] = (price - cost) / price
    return cols


def encode_profiles(profiles: Sequence[Profile]) -> Columns:
    """Columns for validated profiles, for the engine."""
    cols: Columns = {}
    for name in PROFILE_FIELDS:
        spec = FIELD_SPECS[name]
        values = [getattr(p, name) for p in profiles]
        cols[name] = np.array([np.nan if v is None else code(spec, v) for v in values], dtype=np.float64)
    return with_derived(cols)


def encode_frame(frame: pd.DataFrame) -> Columns:
    """Columns for a DataFrame of already valid answers (missing optional columns are unknown)."""
    n = len(frame)
    cols: Columns = {}
    for name in PROFILE_FIELDS:
        spec = FIELD_SPECS[name]
        if name not in frame:
            cols[name] = np.full(n, np.nan)
        elif spec.kind == "choice":
            codes = pd.Categorical(frame[name], categories=list(spec.choices)).codes
            cols[name] = np.where(codes < 0, np.nan, codes).astype(np.float64)
        else:
            cols[name] = pd.to_numeric(frame[name], errors="coerce").to_numpy(
                dtype=np.float64, na_value=np.nan
            )
    return with_derived(cols)


def rule_degrees(compiled: CompiledRules, cols: Columns) -> np.ndarray:
    """How true each rule, then each limit, is for each row: shape (rows, rules + limits) in [0, 1].

    Stored rule by rule (the result is a transposed view), so each rule writes one contiguous row.
    """
    n = len(next(iter(cols.values())))
    out = np.empty((len(compiled.evaluators), n), dtype=np.float64)
    for j, evaluate in enumerate(compiled.evaluators):
        out[j] = evaluate(cols)
    return out.T


def combine(degrees: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Raw points per channel (rows, 3): each rule's degree times its points, summed.

    Computed as points.T @ degrees.T, which suits the rule-by-rule layout of rule_degrees; every
    path that scores (recommend, batch, analysis) goes through here. The degrees are made
    contiguous first, so a row sliced out of a batch is multiplied exactly like recommend()'s
    own row: BLAS may round a strided operand differently, which matters at exact ties.
    Only the rule columns count here (the limit columns after them cap, see channel_caps).
    """
    return (points.T @ np.ascontiguousarray(degrees[:, : points.shape[0]].T)).T


def rule_points(compiled: CompiledRules, weights: np.ndarray) -> np.ndarray:
    """Points each rule gives each channel at full truth: effect x its dimension's weight.

    `weights` is (dimensions,) or (samples, dimensions); the result is (rules, 3) or
    (samples, rules, 3).
    """
    per_rule = weights[..., compiled.dimension_of_rule]
    return per_rule[..., :, None] * compiled.effects


def channel_caps(compiled: CompiledRules, degrees: np.ndarray) -> np.ndarray:
    """The ceiling on each channel's score for each row (rows, 3), from the limit columns.

    A limit whose condition holds to degree g caps channel c at 100 - g * (100 - cap[c]);
    several limits take the lowest ceiling. Linear in g, so a ramped limit lowers it smoothly.
    """
    ceiling = np.full((degrees.shape[0], len(CHANNELS)), 100.0)
    for k in range(len(compiled.caps)):
        g = degrees[:, compiled.n_rules + k, None]
        ceiling = np.minimum(ceiling, 100.0 - g * (100.0 - compiled.caps[k]))
    return ceiling


def finish_scores(raw: np.ndarray, rules: RuleBase, caps: np.ndarray | None = None) -> np.ndarray:
    """From raw rule points (..., 3) and the limits' ceilings (..., 3) to the three 0-100 scores.

    E-commerce and WeChat are base + points, held to 0-100, then to their ceilings. The mix is
    the weaker of the two plus its synergy (the mix rules' points), and the synergy counts only
    as far as the weaker channel stands above `viable`: two weak channels gain nothing from
    running together. So the mix never falls when either channel or the synergy rises, it is
    continuous, and it beats both channels only when the synergy exceeds their gap. Finally the
    mix is held to its own ceiling. Every step is a min, max or sum: piecewise-linear.
    """
    s = rules.scoring
    ceiling = np.full(raw.shape, 100.0) if caps is None else caps
    ecommerce = np.minimum(_bounded(s.base + raw[..., ECOMMERCE]), ceiling[..., ECOMMERCE])
    wechat = np.minimum(_bounded(s.base + raw[..., WECHAT]), ceiling[..., WECHAT])
    weaker = np.minimum(ecommerce, wechat)
    synergy = np.minimum(raw[..., MIX], np.maximum(weaker - s.viable, 0.0))
    mix = np.minimum(_bounded(weaker + synergy), ceiling[..., MIX])
    return np.stack([ecommerce, wechat, mix], axis=-1)


def score_degrees(compiled: CompiledRules, degrees: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Scores (rows, 3) from degrees (rows, rules + limits) and rule points (rules, 3)."""
    return finish_scores(combine(degrees, points), compiled.base, channel_caps(compiled, degrees))


def _bounded(values: np.ndarray) -> np.ndarray:
    """Hold scores between 0 and 100 (np.clip's Python wrapper costs more than this on one row)."""
    return np.minimum(np.maximum(values, 0.0), 100.0)


MIX_STATUSES = ("viable", "limited", "weak_channel", "no_grounds")


def mix_status(scores: np.ndarray, synergy: np.ndarray, caps: np.ndarray, viable: float) -> np.ndarray:
    """Why a mix is or is not a real option, per row, as an index into MIX_STATUSES.

    limited: a limit holds the mix below `viable`; weak_channel: one channel does not work on
    its own; no_grounds: no rule gives a reason to run both; viable: none of these. A mix can
    only win when it is viable (its synergy must exceed the gap, and it counts only above
    `viable`), so a mix that is not viable is never recommended.
    """
    weaker = np.minimum(scores[..., ECOMMERCE], scores[..., WECHAT])
    return np.where(caps[..., MIX] < viable, 1, np.where(weaker < viable, 2, np.where(synergy <= 0, 3, 0)))


def lead_threshold(rules: RuleBase, weights: np.ndarray) -> float:
    """The clear-lead threshold at these weights: scaled like the points, by total weight."""
    default = sum(rules.weights.values())
    return rules.scoring.clear_lead * (float(np.sum(weights)) / default if default > 0 else 1.0)


TIE_ORDER = (WECHAT, ECOMMERCE, MIX)  # who wins a tie: see decide()


PRECISION = 9  # decimals of a score kept when deciding a winner (every path decides through decide())


def decide(scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The winning channel index and its lead over the runner-up, for each row.

    Scores are compared rounded to PRECISION decimals, so the order in which a sum was taken (one
    row, a batch, per dimension, the analysis's search) cannot turn an exact tie into a win.
    Ties go to WeChat, then e-commerce, then the mix (TIE_ORDER): on equal scores the article's
    S9 favours the channel that rarely loses money, and a mix must lead to be worth double work.
    """
    rounded = np.round(scores, PRECISION)
    a, b, c = rounded[..., 0], rounded[..., 1], rounded[..., 2]
    top = np.maximum(np.maximum(a, b), c)
    winner = np.where(b >= top, WECHAT, np.where(a >= top, ECOMMERCE, MIX))
    second = np.maximum(np.minimum(a, b), np.minimum(np.maximum(a, b), c))
    return winner, np.round(top - second, PRECISION)


@dataclass(frozen=True)
class ScoreArrays:
    """Everything the engine computes for a batch of rows, as arrays."""

    degrees: np.ndarray | None  # (rows, rules + limits); None when not kept (large batches)
    points: np.ndarray  # (rules, 3) at full truth, weights applied
    scores: np.ndarray  # (rows, 3)
    winner: np.ndarray  # (rows,)
    margin: np.ndarray  # (rows,)


BLOCK_ROWS = 65_536  # rows per block: the block's arrays stay in cache, and blocks run in parallel


def _score_block(
    compiled: CompiledRules, cols: Columns, points: np.ndarray, *, keep: bool
) -> tuple[np.ndarray, ...]:
    degrees = rule_degrees(compiled, cols)
    scores = score_degrees(compiled, degrees, points)
    return (degrees if keep else degrees[:0], scores, *decide(scores))


def score_columns(
    cols: Columns,
    rules: RuleBase,
    weights: Mapping[str, float] | None = None,
    *,
    keep_degrees: bool = True,
) -> ScoreArrays:
    """Score encoded rows: the one code path behind recommend(), score_frame() and batch.

    Large inputs are cut into blocks scored on all cores (numpy releases the GIL); every row
    goes through the same arithmetic whatever the block, so the numbers do not depend on it.
    """
    compiled = compile_rules(rules)
    points = rule_points(compiled, weight_vector(rules, weights))
    n = len(next(iter(cols.values())))
    if n <= BLOCK_ROWS:
        degrees, scores, winner, margin = _score_block(compiled, cols, points, keep=keep_degrees)
    else:
        blocks = [{k: v[i : i + BLOCK_ROWS] for k, v in cols.items()} for i in range(0, n, BLOCK_ROWS)]
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            parts = list(
                pool.map(lambda block: _score_block(compiled, block, points, keep=keep_degrees), blocks)
            )
        degrees, scores, winner, margin = (np.concatenate(column) for column in zip(*parts, strict=True))
    return ScoreArrays(degrees if keep_degrees else None, points, scores, winner, margin)


def flag_matrix(compiled: CompiledRules, cols: Columns, winner: np.ndarray) -> np.ndarray:
    """Which flags fire for each row (rows, flags), given the recommendation reached."""
    with_choice = {**cols, "recommendation": winner.astype(np.float64)}
    n = len(winner)
    out = np.zeros((n, len(compiled.flag_evaluators)), dtype=bool)
    for j, evaluate in enumerate(compiled.flag_evaluators):
        out[:, j] = evaluate(with_choice) > 0
    return out


FLAG_CODE_BITS = 16  # up to this many flags, a row's combination is a small integer code


def flag_labels(fired: np.ndarray, ids: Sequence[str]) -> np.ndarray:
    """Semicolon-joined flag ids per row, built once per distinct combination (not per row)."""
    if not len(ids):
        return np.full(len(fired), "", dtype=object)
    if len(ids) <= FLAG_CODE_BITS:
        codes = fired.astype(np.int64) @ (1 << np.arange(len(ids), dtype=np.int64))
        present = np.flatnonzero(np.bincount(codes, minlength=1))
        table = np.empty(int(codes.max(initial=0)) + 1, dtype=object)
        table[present] = [";".join(i for bit, i in enumerate(ids) if code >> bit & 1) for code in present]
        return table[codes]
    packed = np.ascontiguousarray(np.packbits(fired, axis=1, bitorder="little"))
    keys = packed.view(np.dtype((np.void, packed.shape[1]))).ravel()
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    labels = np.array(
        [";".join(ids[int(j)] for j in np.flatnonzero(fired[row])) for row in first], dtype=np.object_
    )
    return labels[inverse.ravel()]


def score_encoded(
    cols: Columns, rules: RuleBase, weights: Mapping[str, float] | None = None
) -> dict[str, np.ndarray]:
    """Scores, channel, margin and flags for encoded rows, as plain arrays (batch output)."""
    result = score_columns(cols, rules, weights, keep_degrees=False)
    flags = flag_matrix(compile_rules(rules), cols, result.winner)
    return {
        "score_ecommerce": result.scores[:, ECOMMERCE],
        "score_wechat": result.scores[:, WECHAT],
        "score_mix": result.scores[:, MIX],
        "recommendation": np.array(CHANNELS, dtype=object)[result.winner],
        "margin": result.margin,
        "flags": flag_labels(flags, [f.id for f in rules.flags]),
    }
