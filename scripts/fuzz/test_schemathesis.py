"""Schemathesis in GraphQL mode: every query and mutation of our SDL (`story-server schema`, so it
works with introspection off), with arguments generated from their types, sent as the admin so
mutations run past the authentication check."""
from __future__ import annotations

import os
import subprocess

import schemathesis
from hypothesis import strategies as st
from schemathesis.graphql import nodes

from conftest import check_graphql_response, send
from settings import fuzz_settings

schema_path = os.environ.get("FUZZ_SCHEMA")
if schema_path:
    SDL = open(schema_path, encoding="utf-8").read()
else:
    SDL = subprocess.run([os.environ.get("FUZZ_SERVER_BIN", ".build/debug/story-server"), "schema"],
                         check=True, capture_output=True, text=True, timeout=60).stdout

# Our custom input scalars. JSONString takes a JSON string or an object literal; Upload only makes
# sense in a multipart request (test_hypothesis.py sends those), here it is a string handle.
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12)
schemathesis.graphql.scalar("JSONString", st.one_of(
    json_values.map(lambda v: __import__("json").dumps(v)).map(nodes.String),
    st.text(max_size=30).map(nodes.String),
    st.dictionaries(st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,8}", fullmatch=True),
                    st.integers().map(nodes.Int) | st.text(max_size=10).map(nodes.String),
                    max_size=4).map(lambda d: nodes.Object([
                        __import__("graphql").ObjectFieldNode(name=__import__("graphql").NameNode(value=k), value=v)
                        for k, v in d.items()]))))
schemathesis.graphql.scalar("Upload", st.text(max_size=40).map(nodes.String))
schemathesis.graphql.scalar("GenericScalar", json_values.map(lambda v: __import__("json").dumps(v)).map(nodes.String))

schema = schemathesis.graphql.from_file(SDL)
OPERATIONS = 57  # about; only used to split the example budget


@schema.parametrize()
@fuzz_settings(0.4 / OPERATIONS)
def test_operation(case, server, admin_token):
    body = case.body if isinstance(case.body, dict) else {"query": case.body}
    response = send(server, "POST", json=body, headers={"Authorization": f"JWT {admin_token}"})
    check_graphql_response(response)
