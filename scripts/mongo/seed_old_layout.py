"""Writes a small story in exactly the old Django/mongoengine server's document layout, with pymongo.

Usage: python seed_old_layout.py MONGODB_URI DB_NAME

Prints, as JSON, the ids it wrote and the plain password of both users, for tests to check what the
new server reads. The documents are deliberately uneven, as old data is: emails as typed (mixed case),
a bcrypt `$2b$` password, documents lacking optional fields, unknown extra fields, ints as int32.
"""
import datetime
import json
import sys

import bcrypt
from bson import ObjectId
from pymongo import MongoClient

PASSWORD = "old-server-pass-1"


def utc(minutes: int) -> datetime.datetime:
    return datetime.datetime(2024, 3, 1, 12, 0, tzinfo=datetime.timezone.utc) + datetime.timedelta(minutes=minutes)


def seed(uri: str, db_name: str) -> dict:
    client = MongoClient(uri, serverSelectionTimeoutMS=10000)
    db = client[db_name]
    hashed = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(rounds=4)).decode()
    assert hashed.startswith("$2b$")

    admin, player = ObjectId(), ObjectId()
    scenario = ObjectId()
    s1, s2, s3 = ObjectId(), ObjectId(), ObjectId()
    c1, c2, c3 = ObjectId(), ObjectId(), ObjectId()
    image = ObjectId()
    progress = ObjectId()

    db.users.insert_many([
        {"_id": admin, "email": "Old.Admin@Example.COM", "password": hashed, "role": "admin",
         "first_name": "Ada", "last_name": "Lovelace", "created_at": utc(0), "updated_at": utc(1),
         "is_active": True, "last_login": utc(2)},
        # A player with only what mongoengine required: no names, no dates.
        {"_id": player, "email": "player@example.com", "password": hashed, "role": "player"},
    ])
    db.assets.insert_one({
        "_id": image, "type": "image", "name": "Forest", "filename": "forest.png",
        "url": "https://cdn.example.com/forest.png", "file_size": 2048, "mime_type": "image/png",
        "metadata": {"width": 640, "height": 480, "storage_key": "forest.png"}, "uploaded_by": admin,
        "is_public": True, "created_at": utc(3), "updated_at": utc(3),
    })
    db.scenarios.insert_one({
        "_id": scenario, "title": "The Old Forest", "description": "Written by the old server",
        "author_id": admin, "scenes": [s1, s2, s3], "is_published": True,
        "created_at": utc(4), "updated_at": utc(5), "tags": ["legacy"],
    })
    db.scenes.insert_many([
        {"_id": s1, "scenario_id": scenario, "title": "Edge of the forest", "text": "Two paths.", "order": 0,
         "image_id": image, "choices": [c1, c2], "is_start_scene": True, "is_end_scene": False,
         "position": {"x": 10.5, "y": 20}, "created_at": utc(6), "updated_at": utc(6)},
        # No media, no flags, no position, no dates: the defaults apply.
        {"_id": s2, "scenario_id": scenario, "title": "The clearing", "text": "Quiet.", "order": 1,
         "choices": [c3], "legacy_notes": "kept by the new server"},
        {"_id": s3, "scenario_id": scenario, "title": "Home", "text": "The end.", "order": 2, "choices": [],
         "is_start_scene": False, "is_end_scene": True, "created_at": utc(8), "updated_at": utc(8)},
    ])
    db.choices.insert_many([
        {"_id": c1, "from_scene_id": s1, "to_scene_id": s2, "text": "Left", "condition": {"var": "brave"},
         "order": 0, "created_at": utc(9)},
        # No condition and no date.
        {"_id": c2, "from_scene_id": s1, "to_scene_id": s3, "text": "Right", "order": 1},
        {"_id": c3, "from_scene_id": s2, "to_scene_id": s3, "text": "Go home", "condition": {}, "order": 0,
         "created_at": utc(11)},
    ])
    db.player_progress.insert_one({
        "_id": progress, "user_id": player, "scenario_id": scenario, "current_scene_id": s2,
        "history": [
            {"scene_id": s1, "choice_id": None, "timestamp": utc(20), "metadata": {}},
            {"scene_id": s2, "choice_id": c1, "timestamp": utc(21), "metadata": {"mood": "brave"}},
        ],
        "is_completed": False, "total_time_spent": 42, "created_at": utc(20), "updated_at": utc(21),
    })
    client.close()
    return {
        "database": db_name, "password": PASSWORD, "password_hash": hashed,
        "users": {"admin": str(admin), "player": str(player)},
        "emails": {"admin": "Old.Admin@Example.COM", "player": "player@example.com"},
        "scenario": str(scenario), "scenes": [str(s1), str(s2), str(s3)],
        "choices": {"left": str(c1), "right": str(c2), "home": str(c3)},
        "asset": str(image), "progress": str(progress),
    }


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    print(json.dumps(seed(sys.argv[1], sys.argv[2])))
