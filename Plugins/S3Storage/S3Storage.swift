import Protocols
