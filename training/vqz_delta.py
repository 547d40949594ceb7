"""An earlier bundle stored as a delta against a shipped one (`*.vqzd`), so bundles that share networks cost the
jar a few kilobytes instead of megabytes (io.vqz.codec.BundleDelta rebuilds them, byte for byte).

Tar members start on 512-byte blocks, so a bundle whose entries the base bundle also holds (the same networks and
codebooks, another manifest or priors) is mostly blocks of the base: the delta lists, block by block, either a
run of the base's blocks or literal bytes. Big-endian:

    8 bytes  "VQZDELTA"
    32 bytes SHA-256 of the base bundle
    32 bytes SHA-256 of the target bundle (its model id)
    u64      target length in bytes (a multiple of 512)
    runs until the target is complete: u32 n (blocks), i32 from (the base's block index of the first, or -1:
             n·512 literal bytes follow)

    /usr/bin/python3 vqz_delta.py BASE.vqzm TARGET.vqzm OUT.vqzd
"""
import argparse
import hashlib
import struct

BLOCK = 512


def make_delta(base, target):
    assert len(target) % BLOCK == 0 and len(base) % BLOCK == 0, "bundles are whole tar blocks"
    where = {}
    for i in range(len(base) // BLOCK - 1, -1, -1):  # the first occurrence wins
        where[base[i * BLOCK:(i + 1) * BLOCK]] = i
    out = [b"VQZDELTA", hashlib.sha256(base).digest(), hashlib.sha256(target).digest(), struct.pack(">Q", len(target))]
    blocks = len(target) // BLOCK
    i = 0
    while i < blocks:
        start = where.get(target[i * BLOCK:(i + 1) * BLOCK])
        n = 1
        if start is not None:
            while i + n < blocks and start + n < len(base) // BLOCK and \
                    target[(i + n) * BLOCK:(i + n + 1) * BLOCK] == base[(start + n) * BLOCK:(start + n + 1) * BLOCK]:
                n += 1
            out.append(struct.pack(">Ii", n, start))
        else:
            while i + n < blocks and target[(i + n) * BLOCK:(i + n + 1) * BLOCK] not in where:
                n += 1
            out.append(struct.pack(">Ii", n, -1) + target[i * BLOCK:(i + n) * BLOCK])
        i += n
    return b"".join(out)


def apply_delta(base, delta):
    assert delta[:8] == b"VQZDELTA" and delta[8:40] == hashlib.sha256(base).digest(), "not a delta of this base"
    (length,) = struct.unpack_from(">Q", delta, 72)
    out, at = [], 80
    while sum(map(len, out)) < length:
        n, start = struct.unpack_from(">Ii", delta, at)
        at += 8
        if start < 0:
            out.append(delta[at:at + n * BLOCK])
            at += n * BLOCK
        else:
            out.append(base[start * BLOCK:(start + n) * BLOCK])
    data = b"".join(out)
    assert hashlib.sha256(data).digest() == delta[40:72], "rebuilt bundle differs"
    return data


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("base")
    p.add_argument("target")
    p.add_argument("out")
    return p.parse_args(argv)


def main(argv=None):
    a = parse_args(argv)
    base, target = (open(p, "rb").read() for p in (a.base, a.target))
    delta = make_delta(base, target)
    assert apply_delta(base, delta) == target
    with open(a.out, "wb") as f:
        f.write(delta)
    print(f"{a.out}: {len(delta)} bytes for {len(target)} ({hashlib.sha256(target).hexdigest()})")


if __name__ == "__main__":
    main()
