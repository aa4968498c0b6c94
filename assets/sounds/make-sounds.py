#!/usr/bin/env python3
"""Makes the hall display's voice clips and chime (run once; the clips are committed).

    python3 assets/sounds/make-sounds.py      # needs espeak-ng (Debian: apt-get install espeak-ng)

Voice: espeak-ng's Northern Vietnamese voice. Each clip is trimmed of leading and trailing
silence and resampled to 16 kHz mono 16-bit WAV, which every browser plays with no codec.
The display joins them at play time: chime, "Mời số", the letter, each digit, "đến quầy",
the counter number ("Mời số A không hai ba đến quầy năm").
"""

import math
import os
import struct
import subprocess
import tempfile
import wave

HERE = os.path.dirname(os.path.abspath(__file__))
RATE = 16000

PHRASES = {"moi-so": "Mời số", "den-quay": "đến quầy"}
LETTERS = {
    "A": "a", "B": "bê", "C": "xê", "D": "dê", "E": "e", "F": "ép", "G": "giê", "H": "hát",
    "I": "i", "J": "gi", "K": "ca", "L": "e lờ", "M": "em mờ", "N": "en nờ", "O": "o",
    "P": "pê", "Q": "quy", "R": "e rờ", "S": "ét", "T": "tê", "U": "u", "V": "vê",
    "W": "vê kép", "X": "ích", "Y": "i dài", "Z": "dét",
}
DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
COUNTERS = 40


def number_words(n):
    """Vietnamese words for 1..99, as a counter number is read ("hai mươi mốt")."""
    if n < 10:
        return DIGITS[n]
    tens, units = divmod(n, 10)
    head = "mười" if tens == 1 else DIGITS[tens] + " mươi"
    if units == 0:
        return head
    if units == 1 and tens > 1:
        tail = "mốt"
    elif units == 4 and tens > 1:
        tail = "tư"
    elif units == 5:
        tail = "lăm"
    else:
        tail = DIGITS[units]
    return head + " " + tail


def speak(text):
    with tempfile.NamedTemporaryFile(suffix=".wav") as tmp:
        subprocess.run(["espeak-ng", "-v", "vi", "-s", "150", "-w", tmp.name, text], check=True)
        with wave.open(tmp.name) as w:
            rate, frames = w.getframerate(), w.readframes(w.getnframes())
    samples = list(struct.unpack("<%dh" % (len(frames) // 2), frames))
    return resample(trim(samples), rate)


def trim(samples, threshold=300, pad=400):
    loud = [i for i, s in enumerate(samples) if abs(s) > threshold]
    if not loud:
        return samples
    return samples[max(0, loud[0] - pad): loud[-1] + pad]


def resample(samples, rate):
    if rate == RATE:
        return samples
    n = int(len(samples) * RATE / rate)
    out = []
    for i in range(n):
        x = i * rate / RATE
        j = int(x)
        f = x - j
        a = samples[j]
        b = samples[min(j + 1, len(samples) - 1)]
        out.append(int(a + (b - a) * f))
    return out


def chime():
    """Two soft tones (E6 then C6) with a decay: the "ding-dong" before each call."""
    out = []
    for freq, length in ((1318.5, 0.35), (1046.5, 0.6)):
        for i in range(int(RATE * length)):
            t = i / RATE
            env = math.exp(-4 * t) * min(1.0, t * 200)
            out.append(int(9000 * env * math.sin(2 * math.pi * freq * t)))
    return out


def save(name, samples):
    with wave.open(os.path.join(HERE, name + ".wav"), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(struct.pack("<%dh" % len(samples), *samples))


def main():
    save("chime", chime())
    for name, text in PHRASES.items():
        save(name, speak(text))
    for letter, text in LETTERS.items():
        save("letter-" + letter.lower(), speak(text))
    for d, text in enumerate(DIGITS):
        save("digit-%d" % d, speak(text))
    for n in range(1, COUNTERS + 1):
        save("counter-%d" % n, speak(number_words(n)))


if __name__ == "__main__":
    main()
