import Hummingbird
import Graphiti
import JWTKit
import Configuration
import HummingbirdBcrypt
import MultipartKit
import ArgumentParser
import SQLiteStore
import MongoStore
print("story-server")
