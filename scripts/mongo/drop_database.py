"""Drops a test database, with pymongo, so runs against a shared MongoDB leave nothing behind.

Usage: python drop_database.py MONGODB_URI DB_NAME   (prints {} on success)
"""
import sys

from pymongo import MongoClient

if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    client = MongoClient(sys.argv[1], serverSelectionTimeoutMS=10000)
    client.drop_database(sys.argv[2])
    client.close()
    print("{}")
