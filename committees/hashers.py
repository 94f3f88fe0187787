"""How passwords are stored: Argon2id with the parameters OWASP's Password Storage Cheat Sheet gives
as its first choice (19 MiB of memory, 2 passes, 1 lane). A login then costs about 50 ms of CPU
instead of about 400-650 ms for Django's default PBKDF2 (1,000,000 rounds): in the last minute before
a deadline, hundreds of ward officers log in at once on a two-core machine. Passwords stored with
PBKDF2 are still accepted and re-stored with Argon2 at their next login (settings.PASSWORD_HASHERS)."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class PortalArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
