"""Prints every document of the story collections as canonical MongoDB Extended JSON, with pymongo.

Usage: python dump_collections.py MONGODB_URI DB_NAME

Output: {"users": [...], "scenarios": [...], "scenes": [...], "choices": [...], "player_progress": [...],
"assets": [...], "generation_jobs": [...]}, each list in insertion (_id) order. Canonical mode keeps the
BSON types visible: {"$oid": …}, {"$date": {"$numberLong": …}}, {"$numberInt": …}, {"$numberDouble": …}.
"""
import sys

from bson import json_util
from pymongo import MongoClient

COLLECTIONS = ["users", "scenarios", "scenes", "choices", "player_progress", "assets", "generation_jobs"]

if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    client = MongoClient(sys.argv[1], serverSelectionTimeoutMS=10000)
    db = client[sys.argv[2]]
    out = {name: list(db[name].find().sort("_id", 1)) for name in COLLECTIONS}
    print(json_util.dumps(out, json_options=json_util.CANONICAL_JSON_OPTIONS))
    client.close()
