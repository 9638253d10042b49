"""Numba structure references for the model and the replication state.

A ``StructRef`` is passed by reference: a helper taking the model costs one
pointer, where a named tuple of 40 arrays is copied on every call (about
0.2 µs each, which made the engine ten times slower).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from numba.core import cgutils, types
from numba.experimental import structref
from numba.extending import intrinsic


@structref.register
class ModelType(types.StructRef):
    def preprocess_fields(self, fields: Any) -> tuple[Any, ...]:
        return tuple((name, types.unliteral(t)) for name, t in fields)


@structref.register
class StateType(types.StructRef):
    def preprocess_fields(self, fields: Any) -> tuple[Any, ...]:
        return tuple((name, types.unliteral(t)) for name, t in fields)


MODEL_FIELDS = (
    # stations; cal = (off, starts, ends, cum), see calendar_ops
    "cal",
    "st_cell_off",
    "st_buffer",
    "st_fail",
    "st_mtbf",
    "st_mttr_kind",
    "st_mttr_p",
    "cell_station",
    "cell_staffed_at",
    # routing steps
    "prod_step_off",
    "step_station",
    "step_kind",
    "step_p",
    "step_mean",
    "step_learn_first",
    "step_learn_exp",
    "step_rework_rate",
    "step_rework_kind",
    "step_rework_p",
    "step_scrap",
    "step_use_off",
    "use_material",
    "use_qty",
    # materials
    "stock0",
    "deliv_time",
    "deliv_material",
    "deliv_qty",
    # release and demand
    "release",
    "wip_limit",
    "line_product",
    "line_threshold",
    "line_due_end",
    "horizon",
    "grid",
)

STATE_FIELDS = (
    "cell_state",
    "cell_since",
    "cell_unit",
    "cell_evt",
    "cell_kind",
    "cell_rem",
    "cell_phase",
    "cell_ttf",
    "cell_hnext",
    "acc",
    "q_head",
    "q_tail",
    "q_len",
    "h_head",
    "h_tail",
    "wake",
    "learn_k",
    "dirty",
    "unit_product",
    "unit_step",
    "unit_next",
    "repl",
    "stock",
    "finished",
    "line_done",
    "by_due",
    "count",
    "rng",
    "trace",
)


class Model(structref.StructRefProxy):
    """The compiled plan (see compiled.py); fields as in ``MODEL_FIELDS``."""

    if TYPE_CHECKING:

        def __getattr__(self, name: str) -> Any: ...

    @classmethod
    def build(cls, **fields: Any) -> Model:
        return cls(*(fields[name] for name in MODEL_FIELDS))


class State(structref.StructRefProxy):
    """The state of one replication; fields as in ``STATE_FIELDS``."""

    if TYPE_CHECKING:

        def __getattr__(self, name: str) -> Any: ...


structref.define_proxy(Model, ModelType, list(MODEL_FIELDS))
structref.define_proxy(State, StateType, list(STATE_FIELDS))


def _reader(getter: Any) -> Any:
    def read(self: Any) -> Any:
        return getter(self)

    return read


def _add_field_properties(proxy: type, fields: tuple[str, ...]) -> None:
    """Read access to fields from Python (tests, tools), compiled on first use."""
    from numba import njit

    for name in fields:
        namespace: dict[str, Any] = {}
        exec(f"def get(obj):\n    return obj.{name}\n", namespace)  # field names are ours
        getter = njit(namespace["get"])
        setattr(proxy, name, property(_reader(getter)))


_add_field_properties(Model, MODEL_FIELDS)


def _make_clone() -> Any:
    """``clone(m)``: a Model with its own copies of every array. Threads that share
    one model update the same reference counts on every call and slow each other
    down; each replication of a parallel batch works on its own copy."""
    from numba import njit

    def copied(name: str) -> str:
        if name == "cal":
            return "(m.cal[0].copy(), m.cal[1].copy(), m.cal[2].copy(), m.cal[3].copy())"
        if name in ("wip_limit", "horizon"):
            return f"m.{name}"
        return f"m.{name}.copy()"

    args = ", ".join(copied(name) for name in MODEL_FIELDS)
    namespace: dict[str, Any] = {"Model": Model}
    exec(f"def clone(m):\n    return Model({args})\n", namespace)  # field names are ours
    return njit(cache=False)(namespace["clone"])


clone = _make_clone()


@intrinsic
def borrowed(typingctx: Any, arr: Any) -> Any:
    """A view of ``arr`` that carries no reference count (its meminfo is null).

    Every read of a StructRef field hands out a new reference to the array, and
    Numba counts it with an out-of-line call to ``NRT_incref``/``NRT_decref``
    that LLVM often cannot prune (a field read on one branch only). Those calls
    were about a quarter of the engine's time. For a null meminfo they return at
    once. The caller keeps the owning array alive for as long as the view is used
    (``replicate`` holds the owning model and state until it returns).
    """

    def codegen(context: Any, builder: Any, signature: Any, args: Any) -> Any:
        view = context.make_array(arr)(context, builder, value=args[0])
        view.meminfo = cgutils.get_null_value(view.meminfo.type)
        view.parent = cgutils.get_null_value(view.parent.type)
        return view._getvalue()

    return arr(arr), codegen


def _make_borrowing(proxy: type, fields: tuple[str, ...], name: str) -> Any:
    """``name(x)``: a second Model or State whose arrays are ``borrowed`` views of
    ``x``'s; the engine works on it while ``x`` owns the memory."""
    from numba import njit

    def view(field: str) -> str:
        if field == "cal":
            return "(" + ", ".join(f"borrowed(x.cal[{i}])" for i in range(4)) + ")"
        if field in ("wip_limit", "horizon"):
            return f"x.{field}"
        return f"borrowed(x.{field})"

    args = ", ".join(view(field) for field in fields)
    namespace: dict[str, Any] = {"T": proxy, "borrowed": borrowed}
    exec(f"def {name}(x):\n    return T({args})\n", namespace)  # field names are ours
    return njit(cache=False)(namespace[name])


borrowed_model = _make_borrowing(Model, MODEL_FIELDS, "borrowed_model")
borrowed_state = _make_borrowing(State, STATE_FIELDS, "borrowed_state")
