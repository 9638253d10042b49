"""The compiled plan as a Numba structure reference, and reference-free views.

A ``StructRef`` is passed by reference (one pointer), where a named tuple of
40 arrays is copied on every call. The engine reads the model's arrays once,
as ``borrowed`` views, of the array type ``BorrowedArray``.
"""

from __future__ import annotations

import operator
from typing import TYPE_CHECKING, Any, cast

import numpy as np
from numba.core import cgutils, types
from numba.experimental import structref
from numba.extending import intrinsic, lower_builtin, lower_cast, models, register_model
from numba.np import arrayobj


@structref.register
class ModelType(types.StructRef):
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
    "step_learn_until",  # the station's count from which the step's curve is flat
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


class Model(structref.StructRefProxy):
    """The compiled plan (see compiled.py); fields as in ``MODEL_FIELDS``."""

    if TYPE_CHECKING:

        def __getattr__(self, name: str) -> Any: ...

    @classmethod
    def build(cls, **fields: Any) -> Model:
        return cls(*(fields[name] for name in MODEL_FIELDS))


structref.define_proxy(Model, ModelType, list(MODEL_FIELDS))


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


class BorrowedArray(types.Array):
    """The type of a ``borrowed`` view: a NumPy array whose integer indices are
    never negative.

    Numba follows Python and wraps a negative index around (``a[-1]`` is the
    last element): every integer index costs a compare, an add of the axis
    length and a select, and the length must be at hand, which in the engine's
    one large function meant reloading it from the stack. About 12 % of the
    engine's time went there (ADR 0001). Indexing a ``BorrowedArray`` with
    integers, one per axis, takes the element's address directly; anything
    else (slices, a row of a 2-D array) is Numba's own indexing. Its indices
    are checked when Numba checks bounds (``NUMBA_BOUNDSCHECK=1``), which a
    test does on whole replications. Slices and copies are plain arrays.
    """

    def __init__(
        self, dtype: Any, ndim: int, layout: Any, readonly: bool = False, aligned: bool = True
    ) -> None:
        name = f"borrowed({dtype}, {ndim}d, {layout})"
        super().__init__(dtype, ndim, layout, readonly=readonly, name=name, aligned=aligned)

    @classmethod
    def of(cls, arr: types.Array) -> BorrowedArray:
        return cls(arr.dtype, arr.ndim, arr.layout, not arr.mutable, arr.aligned)

    def __repr__(self) -> str:
        # Array's repr would name a structure with borrowed fields like the
        # plain one, and Numba takes types with equal names for one type.
        return (
            f"BorrowedArray({self.dtype!r}, {self.ndim}, {self.layout!r}, "
            f"{not self.mutable}, aligned={self.aligned})"
        )


register_model(BorrowedArray)(models.ArrayModel)


@lower_cast(BorrowedArray, types.Array)  # type: ignore[untyped-decorator]
def _to_array(context: Any, builder: Any, fromty: Any, toty: Any, val: Any) -> Any:
    """A plain array where one is wanted (the same structure in memory)."""
    return val


def _scalar_index(aryty: Any, idxty: Any) -> tuple[Any, ...] | None:
    """The index types when ``idxty`` names one element (an integer per axis)."""
    index_types = cast(Any, idxty).types if isinstance(idxty, types.BaseTuple) else (idxty,)
    if len(index_types) == aryty.ndim and all(isinstance(t, types.Integer) for t in index_types):
        return tuple(index_types)
    return None


def _element_pointer(
    context: Any, builder: Any, aryty: Any, ary: Any, index_types: Any, idxty: Any, idx: Any
) -> Any:
    """The address of the element named by ``idx`` (``index_types`` from
    ``_scalar_index``), with no wraparound."""
    values = (
        cgutils.unpack_tuple(builder, idx, count=len(index_types))
        if isinstance(idxty, types.BaseTuple)
        else [idx]
    )
    inds = [
        context.cast(builder, v, t, types.intp) for v, t in zip(values, index_types, strict=True)
    ]
    array = context.make_array(aryty)(context, builder, ary)
    return cgutils.get_item_pointer(
        context,
        builder,
        aryty,
        array,
        inds,
        wraparound=False,
        boundscheck=context.enable_boundscheck,
    )


@lower_builtin(operator.getitem, BorrowedArray, types.Integer)  # type: ignore[untyped-decorator]
@lower_builtin(operator.getitem, BorrowedArray, types.BaseTuple)  # type: ignore[untyped-decorator]
def _getitem(context: Any, builder: Any, sig: Any, args: Any) -> Any:
    aryty, idxty = sig.args
    index_types = _scalar_index(aryty, idxty)
    if index_types is None:
        if isinstance(idxty, types.BaseTuple):
            return arrayobj.getitem_array_tuple(context, builder, sig, args)
        return arrayobj.getitem_arraynd_intp(context, builder, sig, args)
    ptr = _element_pointer(context, builder, aryty, args[0], index_types, idxty, args[1])
    return arrayobj.load_item(context, builder, aryty, ptr)


@lower_builtin(operator.setitem, BorrowedArray, types.Any, types.Any)  # type: ignore[untyped-decorator]
def _setitem(context: Any, builder: Any, sig: Any, args: Any) -> Any:
    aryty, idxty, valty = sig.args
    index_types = _scalar_index(aryty, idxty)
    if index_types is None or isinstance(valty, types.ArrayCompatible):
        return arrayobj.setitem_array(context, builder, sig, args)
    ptr = _element_pointer(context, builder, aryty, args[0], index_types, idxty, args[1])
    val = context.cast(builder, args[2], valty, aryty.dtype)
    arrayobj.store_item(context, builder, aryty, val, ptr)
    return context.get_dummy_value()


@intrinsic
def _borrowed(typingctx: Any, arr: Any) -> Any:
    """A view of ``arr`` that carries no reference count (its meminfo is null).

    Numba counts references to an array with out-of-line atomic calls
    (``NRT_incref``/``NRT_decref``) that LLVM often cannot prune, for instance
    where an array is used on one branch only; in the engine they were about a
    fifth of the time, and threads sharing one model contended on the counts.
    For a null meminfo the calls return at once. The caller keeps the owning
    array alive while the view is used (``replicate``'s ``model`` argument).
    """

    def codegen(context: Any, builder: Any, signature: Any, args: Any) -> Any:
        view = context.make_array(arr)(context, builder, value=args[0])
        view.meminfo = cgutils.get_null_value(view.meminfo.type)
        view.parent = cgutils.get_null_value(view.parent.type)
        return view._getvalue()

    return BorrowedArray.of(arr)(arr), codegen


@intrinsic
def _borrowed_all(typingctx: Any, arrays: Any) -> Any:
    """``borrowed`` for each array of a tuple, in one step."""

    def codegen(context: Any, builder: Any, signature: Any, args: Any) -> Any:
        views = []
        for i, arr in enumerate(arrays.types):
            view = context.make_array(arr)(
                context, builder, value=builder.extract_value(args[0], i)
            )
            view.meminfo = cgutils.get_null_value(view.meminfo.type)
            view.parent = cgutils.get_null_value(view.parent.type)
            views.append(view._getvalue())
        return context.make_tuple(builder, signature.return_type, views)

    return types.Tuple([BorrowedArray.of(a) for a in arrays.types])(arrays), codegen


if TYPE_CHECKING:

    def borrowed(arr: np.ndarray) -> np.ndarray: ...  # what the intrinsic does

    def borrowed_all(arrays: tuple[np.ndarray, ...]) -> tuple[np.ndarray, ...]: ...

else:
    borrowed = _borrowed
    borrowed_all = _borrowed_all


def _make_borrowing(proxy: type, fields: tuple[str, ...], name: str) -> Any:
    """``name(x)``: a second Model whose arrays are ``borrowed`` views of ``x``'s;
    the engine works on it while ``x`` owns the memory."""
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
