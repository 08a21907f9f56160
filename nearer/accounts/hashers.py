from django.contrib.auth.hashers import Argon2PasswordHasher


class NearerArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id tuned to about 50–100 ms per hash on a 2-core server.

    Django's default asks for 100 MiB and 8 lanes per hash; 32 MiB with three passes and two lanes
    keeps a login quick and memory-hard while a burst of sign-ins cannot exhaust a small host.
    Measured by `python scripts/bench_hash.py` (see docs/decisions/0003-password-hashing.md).
    """

    algorithm = "argon2"
    time_cost = 3
    memory_cost = 32768  # KiB (32 MiB)
    parallelism = 2
