"""Writes documents that old or hand-edited data may hold and that the new server must survive, with pymongo.

Usage: python seed_odd_documents.py MONGODB_URI DB_NAME

- a scenario whose `scenes` is null, a scene whose `choices` is null and another with no `choices` at all,
  a progress whose `history` is null (mongoengine wrote null for a list set to None);
- a progress whose history items carry a field the new server does not know (`legacy`);
- in every collection, one document whose `_id` is not an ObjectId (a string, an int).

Prints, as JSON, the ids it wrote (hex for ObjectIds).
"""
import datetime
import json
import sys

from bson import ObjectId
from pymongo import MongoClient


def utc(minutes: int) -> datetime.datetime:
    return datetime.datetime(2024, 3, 1, 12, 0, tzinfo=datetime.timezone.utc) + datetime.timedelta(minutes=minutes)


def seed(uri: str, db_name: str) -> dict:
    client = MongoClient(uri, serverSelectionTimeoutMS=10000)
    db = client[db_name]
    author, player = ObjectId(), ObjectId()
    scenario, other = ObjectId(), ObjectId()
    null_choices, no_choices = ObjectId(), ObjectId()
    null_history, legacy_history = ObjectId(), ObjectId()
    asset = ObjectId()

    db.users.insert_many([
        {"_id": author, "email": "author@example.com", "password": "$2b$04$x", "role": "admin"},
        {"_id": "user-with-a-string-id", "email": "odd@example.com", "password": "$2b$04$x", "role": "player"},
    ])
    db.scenarios.insert_many([
        {"_id": scenario, "title": "Null scenes", "author_id": author, "scenes": None, "is_published": True,
         "created_at": utc(0)},
        {"_id": other, "title": "Other", "author_id": author, "scenes": [no_choices], "is_published": True,
         "created_at": utc(1)},
        {"_id": 7, "title": "An int id", "author_id": author, "scenes": [], "is_published": True, "created_at": utc(2)},
    ])
    db.scenes.insert_many([
        {"_id": null_choices, "scenario_id": scenario, "title": "Null choices", "text": "", "order": 0,
         "choices": None, "created_at": utc(3)},
        {"_id": no_choices, "scenario_id": other, "title": "No choices field", "text": "", "order": 0,
         "created_at": utc(4)},
        {"_id": "scene-with-a-string-id", "scenario_id": scenario, "title": "Odd", "text": "", "order": 1,
         "choices": [], "created_at": utc(5)},
    ])
    db.choices.insert_one(
        {"_id": "choice-with-a-string-id", "from_scene_id": null_choices, "to_scene_id": no_choices, "text": "Odd",
         "order": 0, "created_at": utc(6)})
    db.player_progress.insert_many([
        {"_id": null_history, "user_id": player, "scenario_id": scenario, "current_scene_id": null_choices,
         "history": None, "is_completed": False, "total_time_spent": 0, "created_at": utc(7)},
        {"_id": legacy_history, "user_id": player, "scenario_id": other, "current_scene_id": no_choices,
         "history": [
             {"scene_id": no_choices, "choice_id": None, "timestamp": utc(8), "metadata": {}, "legacy": 1},
             {"scene_id": no_choices, "choice_id": None, "timestamp": utc(9), "metadata": {}, "legacy": 2},
             {"scene_id": no_choices, "choice_id": None, "timestamp": utc(10), "metadata": {}, "legacy": 3},
         ],
         "is_completed": False, "total_time_spent": 5, "created_at": utc(8), "updated_at": utc(10)},
        {"_id": 42, "user_id": ObjectId(), "scenario_id": other, "current_scene_id": no_choices, "history": [],
         "created_at": utc(11)},
    ])
    db.assets.insert_many([
        {"_id": asset, "type": "image", "name": "Fine", "filename": "f.png", "url": "/f.png", "uploaded_by": author,
         "is_public": True, "created_at": utc(12)},
        {"_id": "asset-with-a-string-id", "type": "image", "name": "Odd", "filename": "o.png", "url": "/o.png",
         "uploaded_by": author, "is_public": True, "created_at": utc(13)},
    ])
    client.close()
    return {
        "author": str(author), "player": str(player), "scenario": str(scenario), "other": str(other),
        "null_choices": str(null_choices), "no_choices": str(no_choices),
        "null_history": str(null_history), "legacy_history": str(legacy_history), "asset": str(asset),
    }


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    print(json.dumps(seed(sys.argv[1], sys.argv[2])))
