"""Touch 250 MB page by page, hold it for the memory sampler, then write the grant."""
import sys
import time

block = bytearray(250 * 2**20)
for offset in range(0, len(block), 4096):
    block[offset] = 1
time.sleep(3)
with open(sys.argv[2], "w") as out:
    out.write(f"{sys.argv[1]}\n")
