#!/usr/bin/env python3
"""Float text input, EdgeHouse against ClickHouse 26.9 (chdb), value by value.

    python3 Tests/Floats/compare-with-chdb.py [--count 2000000] [--seed 1] [--edgehouse PATH]

Writes --count seeded random decimal strings — shortest texts of random doubles and floats
(what agents print), decimals of 1–30 digits with and without exponents, subnormals, overflow,
halfway points between adjacent floats and doubles, leading/trailing zeros, the inf/nan
spellings — as a TSV of (id, text, text), reads it into `(id UInt32, x Float64, y Float32)` in
chdb and in EdgeHouse (`INSERT … FORMAT TSV`), prints both tables back as TSV ordered by id, and
compares every line. ClickHouse prints floats as their shortest round-trip text, so equal lines
are equal bits. Exits 1 on any difference, listing the first ones.
"""
import argparse, os, random, shutil, struct, subprocess, sys, tempfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')


def random_texts(count, seed):
    rng = random.Random(seed)

    def digits(n):
        return ''.join(rng.choice('0123456789') for _ in range(n))

    def shortest_double():
        return repr(struct.unpack('<d', struct.pack('<Q', rng.getrandbits(63)))[0])

    def shortest_float():
        value = struct.unpack('<f', struct.pack('<I', rng.getrandbits(31)))[0]
        # The shortest text that reads back as this float (Python has none for floats itself).
        for precision in range(1, 10):
            text = f'{value:.{precision}g}'
            if struct.unpack('<f', struct.pack('<f', float(text)))[0] == value:
                return text
        return repr(value)

    def halfway(width):
        # The exact midpoint of two adjacent values, sometimes nudged in its last digit.
        if width == 32:
            bits = rng.getrandbits(31) & 0x7F7FFFFF
            low = struct.unpack('<f', struct.pack('<I', bits))[0]
            high = struct.unpack('<f', struct.pack('<I', bits + 1))[0]
        else:
            bits = rng.getrandbits(63) & 0x7FEFFFFFFFFFFFFF
            low = struct.unpack('<d', struct.pack('<Q', bits))[0]
            high = struct.unpack('<d', struct.pack('<Q', bits + 1))[0]
        from decimal import Decimal, getcontext
        getcontext().prec = 800
        middle = (Decimal(low) + Decimal(high)) / 2
        text = format(middle, 'e')
        mantissa, exponent = text.split('e')
        if rng.random() < 0.5:
            mantissa = mantissa[:rng.randint(3, min(len(mantissa), 60))]
        return f'{mantissa}e{int(exponent)}'

    def decimal():
        text = ('-' if rng.random() < 0.3 else '') + digits(rng.randint(0, 22))
        if rng.random() < 0.8 or text in ('', '-'):
            text += '.' + digits(rng.randint(1, 22))
        kind = rng.random()
        if kind < 0.3:
            text += f'e{rng.randint(-40, 40)}'
        elif kind < 0.5:
            text += f'E{rng.randint(-340, 320)}'
        return text

    def subnormal():
        return f'{rng.randint(1, 10 ** rng.randint(1, 20))}e-{rng.randint(300, 345)}'

    specials = ['inf', '-inf', '+inf', 'nan', 'infinity', '-Infinity', 'INF', '0', '-0', '0.0', '1e400', '-1e400',
                '1e-400', '00012.5000', '.5', '5.', '+1.5', '1E5', '3.4028236e38', '1.4e-45']
    makers = [shortest_double, shortest_double, shortest_float, shortest_float, decimal, decimal,
              subnormal, lambda: halfway(32), lambda: halfway(64)]
    for n in range(count):
        yield specials[n] if n < len(specials) else rng.choice(makers)()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--count', type=int, default=2_000_000)
    parser.add_argument('--seed', type=int, default=1)
    parser.add_argument('--edgehouse', default=os.path.join(ROOT, '.build', 'release', 'edgehouse'))
    args = parser.parse_args()
    from chdb import session

    work = tempfile.mkdtemp(prefix='floats-')
    try:
        data = os.path.join(work, 'floats.tsv')
        with open(data, 'w') as f:
            for n, text in enumerate(random_texts(args.count, args.seed)):
                f.write(f'{n}\t{text}\t{text}\n')
        chdb = session.Session(os.path.join(work, 'chdb'))
        reference = chdb.query(f"SELECT * FROM file('{data}', 'TSV', 'id UInt32, x Float64, y Float32') ORDER BY id",
                               'TSV').bytes().decode().splitlines()
        store = os.path.join(work, 'edgehouse')
        def edgehouse(*arguments, stdin=None):
            return subprocess.run([args.edgehouse, '--path', store, *arguments], stdin=stdin, check=True,
                                  stdout=subprocess.PIPE).stdout.decode()
        edgehouse('--query', 'CREATE TABLE floats (id UInt32, x Float64, y Float32) ENGINE = MergeTree ORDER BY id')
        with open(data, 'rb') as rows:
            edgehouse('--query', 'INSERT INTO floats FORMAT TSV', stdin=rows)
        ours = edgehouse('--query', 'SELECT * FROM floats ORDER BY id', '--format', 'TSV').splitlines()
        inputs = open(data).read().splitlines()
        differences = [(r, o, i) for r, o, i in zip(reference, ours, inputs) if r != o]
        if len(reference) != len(ours):
            differences.append((f'{len(reference)} rows', f'{len(ours)} rows', 'row count'))
        print(f'{len(reference)} float texts read as Float64 and Float32: {len(differences)} differ from ClickHouse 26.9')
        for r, o, i in differences[:20]:
            print(f'  input {i!r}\n    chdb      {r!r}\n    edgehouse {o!r}')
        sys.exit(1 if differences else 0)
    finally:
        shutil.rmtree(work)


if __name__ == '__main__':
    main()
