"""Published JSON (data/metrics.json, data/actions.json, data-value) reads back as the data it
was made from, in the layout `json.dumps(sort_keys, ensure_ascii=False, indent=2)` has."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from battlemap.jsontext import json_file, json_key, json_value

TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=8)
SCALARS = st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | TEXT


def _data(scalars):
    return st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
        max_leaves=20,
    )


@given(_data(SCALARS))
def test_a_file_is_what_the_json_module_writes_byte_for_byte_without_floats(data):
    reference = json.dumps(data, sort_keys=True, ensure_ascii=False, indent=2) + "\n"
    assert json_file(data) == reference.encode("utf-8")


@given(_data(SCALARS | st.floats(allow_nan=False, allow_infinity=False)))
def test_a_file_with_floats_reads_back_as_its_data(data):
    out = json_file(data)  # 1e-05 is written 0.00001: the same number, spelled otherwise
    assert out.endswith(b"\n") and json.loads(out) == data
    assert json.loads(json_value(data)) == data


def test_chinese_is_written_as_itself_and_keys_are_sorted():
    out = json_file({"b": "王芳", "a": [1, 2.5, None]})
    assert (
        out.decode("utf-8") == '{\n  "a": [\n    1,\n    2.5,\n    null\n  ],\n  "b": "王芳"\n}\n'
    )


def test_numpy_scalars_are_written_as_their_values_and_other_objects_refused():
    assert json_value(np.float64(1.5)) == "1.5" and json_value(np.int64(3)) == "3"
    assert json_file({"x": np.bool_(True)}) == b'{\n  "x": true\n}\n'
    with pytest.raises(TypeError):
        json_value(np.array([1, 2]))
    with pytest.raises(TypeError):
        json_value(object())


@given(_data(SCALARS | st.floats(allow_nan=False, allow_infinity=False)))
def test_a_key_is_compact_sorted_json_that_tells_values_apart(data):
    key = json_key(data)
    assert json.loads(key) == data and "\n" not in key
    assert key == json_key(json.loads(json.dumps(data, sort_keys=True)))  # any key order
    assert json_key([data, 1]) != json_key([data, 2])
