"""Writes digest-sample.bin: 130,001 bytes from a fixed linear congruential generator.

SHA256Tests hashes it with SHA256.hash(file:) at several chunk sizes and compares with the
digest `sha256sum digest-sample.bin` printed when the file was made (pinned in the test).
The size is not a multiple of 64 or of any chunk size the test uses, so every partial-block
path is crossed.
"""
from pathlib import Path

state = 20240601
data = bytearray()
for _ in range(130_001):
    state = (state * 6364136223846793005 + 1442695040888963407) % 2**64
    data.append(state >> 56)
Path(__file__).with_name("digest-sample.bin").write_bytes(bytes(data))
