#!/usr/bin/env python3
# mangle-media.py: derives the hostile sample files from good ones
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Usage: mangle-media.py MODE OUTPUT [INPUT]
#   truncate   keep the first half of INPUT's bytes
#   corrupt    invert 4 KiB of INPUT's bytes from the middle on
#   recodec    rename INPUT's Matroska codec id V_VP8 to V_ZZ9, a codec
#              nobody decodes, leaving the file otherwise well formed
#   text       write a plain text file (the caller names it .webm)
import sys


def main():
    mode, output = sys.argv[1], sys.argv[2]
    data = b''
    if mode != 'text':
        with open(sys.argv[3], 'rb') as f:
            data = f.read()

    if mode == 'truncate':
        out = data[:len(data) // 2]
    elif mode == 'corrupt':
        mid = len(data) // 2
        out = bytearray(data)
        for i in range(mid, min(mid + 4096, len(out))):
            out[i] ^= 0xff
        out = bytes(out)
    elif mode == 'recodec':
        if data.count(b'V_VP8') != 1:
            sys.exit('mangle-media: %s: expected exactly one V_VP8 codec id' % sys.argv[3])
        out = data.replace(b'V_VP8', b'V_ZZ9')
    elif mode == 'text':
        out = b'This is a plain text file wearing a .webm name.\n' * 64
    else:
        sys.exit('mangle-media: unknown mode %s' % mode)

    with open(output, 'wb') as f:
        f.write(out)


if __name__ == '__main__':
    main()
