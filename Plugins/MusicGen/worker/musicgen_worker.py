#!/usr/bin/env python3
"""MusicGen worker of the story server's MusicGen plugin.

The plugin starts this script once and keeps it running; it loads the model once, then answers requests
one at a time. Protocol: one JSON object a line on standard input and output.

    worker -> {"ready": true, "model": ..., "device": ..., "sample_rate": ..., "max_seconds": ...}
           or {"ready": false, "error": "... pip install torch transformers ..."} (then it exits)
    plugin -> {"id": "...", "prompt": "...", "seconds": 15}
    worker -> {"id": "...", "progress": 0.42}                      (any number of times, non-decreasing)
    worker -> {"id": "...", "ok": true, "wav_base64": "...", "sample_rate": 32000, "duration_seconds": 15.0,
               "model": "...", "device": "cpu", "elapsed_seconds": 61.2}
           or {"id": "...", "ok": false, "error": "...", "transient": false}
    plugin -> {"cancel": "<id>"}                                   (stops that request, queued or running)

Everything else the libraries print goes to standard error, so that standard output carries the protocol
only. Variables: MUSICGEN_MODEL (default facebook/musicgen-small, or a local directory), MUSICGEN_DEVICE
(auto: cuda when available, else cpu), MUSICGEN_MAX_SECONDS (default 15).

Its functions are importable (bench/musicgen uses load_model and generate_wav).
"""
import base64
import io
import json
import math
import os
import queue
import sys
import threading
import time
import wave

INSTALL_HINT = "music generation needs Python 3 with torch and transformers: pip install torch transformers"

_protocol = sys.stdout
_protocol_lock = threading.Lock()


def send(message):
    """Writes one protocol message."""
    with _protocol_lock:
        _protocol.write(json.dumps(message) + "\n")
        _protocol.flush()


class Cancelled(Exception):
    """Raised inside generation when the plugin cancels the request."""


class ProgressCounter:
    """A logits processor that changes nothing: it counts decoding steps, reports progress and aborts
    generation (raising Cancelled) once the request is cancelled. transformers calls it once per step."""

    def __init__(self, total_steps, on_progress=None, should_stop=None):
        self.total_steps = max(1, total_steps)
        self.steps = 0
        self.on_progress = on_progress
        self.should_stop = should_stop
        self.last_reported = -1.0

    def __call__(self, input_ids, scores):
        if self.should_stop is not None and self.should_stop():
            raise Cancelled()
        self.steps += 1
        fraction = min(0.95, 0.95 * self.steps / self.total_steps)
        if self.on_progress is not None and fraction - self.last_reported >= 0.02:
            self.last_reported = fraction
            self.on_progress(round(fraction, 4))
        return scores


def resolve_device(torch, wanted):
    """`auto` means CUDA when available, else CPU."""
    wanted = (wanted or "auto").strip().lower()
    if wanted == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    return wanted


def load_model(model_name, device):
    """The model and processor, loaded once, on `device`, in evaluation mode."""
    from transformers import AutoProcessor, MusicgenForConditionalGeneration

    processor = AutoProcessor.from_pretrained(model_name)
    model = MusicgenForConditionalGeneration.from_pretrained(model_name)
    model.to(device)
    model.eval()
    return model, processor


def frame_rate(model):
    """Audio tokens per second of the model's codec (50 for the 32 kHz EnCodec of musicgen-small)."""
    codec = model.config.audio_encoder
    rate = getattr(codec, "frame_rate", None)
    if rate:
        return rate
    return math.ceil(codec.sampling_rate / math.prod(codec.upsampling_ratios))


def wav_bytes(samples, sample_rate):
    """16-bit PCM mono WAV of float samples in -1...1."""
    import numpy as np

    pcm = (np.clip(np.asarray(samples, dtype=np.float32), -1.0, 1.0) * 32767.0).astype("<i2")
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(int(sample_rate))
        out.writeframes(pcm.tobytes())
    return buffer.getvalue()


def generate_wav(model, processor, device, prompt, seconds, on_progress=None, should_stop=None):
    """Generates `seconds` of music for `prompt`; returns (WAV bytes, sample rate, duration in seconds)."""
    import torch
    from transformers import LogitsProcessorList

    # The codebooks are generated with a delay pattern: the last (codebooks - 1) steps complete the final frames.
    steps = max(1, int(round(seconds * frame_rate(model)))) + model.decoder.num_codebooks - 1
    inputs = processor(text=[prompt], padding=True, return_tensors="pt")
    inputs = {name: value.to(device) for name, value in inputs.items()}
    counter = ProgressCounter(steps, on_progress, should_stop)
    with torch.inference_mode():
        audio = model.generate(**inputs, do_sample=True, guidance_scale=3.0, max_new_tokens=steps,
                               logits_processor=LogitsProcessorList([counter]))
    sample_rate = model.config.audio_encoder.sampling_rate
    samples = audio[0, 0].float().cpu().numpy()[: int(seconds * sample_rate)]
    return wav_bytes(samples, sample_rate), sample_rate, len(samples) / sample_rate


def read_requests(requests, cancelled, lock):
    """Reads the plugin's lines: requests go to the queue, cancellations to the set. EOF ends the worker."""
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        try:
            message = json.loads(line)
        except ValueError:
            print("musicgen worker: ignored a line that is not JSON: %r" % line[:200], file=sys.stderr)
            continue
        if isinstance(message, dict) and "cancel" in message:
            with lock:
                cancelled.add(str(message["cancel"]))
        elif isinstance(message, dict) and "id" in message:
            requests.put(message)
    requests.put(None)


def serve(model, processor, device, model_name, max_seconds):
    """Answers requests until standard input closes."""
    import torch

    requests = queue.Queue()
    cancelled = set()
    lock = threading.Lock()
    threading.Thread(target=read_requests, args=(requests, cancelled, lock), daemon=True).start()
    while True:
        request = requests.get()
        if request is None:
            return
        request_id = str(request["id"])

        def is_cancelled():
            with lock:
                return request_id in cancelled

        prompt = request.get("prompt")
        if not isinstance(prompt, str) or not prompt.strip():
            send({"id": request_id, "ok": False, "error": "the request has no prompt"})
            continue
        try:
            seconds = min(max(float(request.get("seconds", max_seconds)), 1.0), max_seconds)
        except (TypeError, ValueError):
            send({"id": request_id, "ok": False, "error": "seconds is not a number"})
            continue
        if is_cancelled():
            send({"id": request_id, "ok": False, "error": "cancelled", "cancelled": True})
            continue
        started = time.monotonic()
        try:
            audio, sample_rate, duration = generate_wav(
                model, processor, device, prompt, seconds,
                on_progress=lambda value: send({"id": request_id, "progress": value}),
                should_stop=is_cancelled)
        except Cancelled:
            send({"id": request_id, "ok": False, "error": "cancelled", "cancelled": True})
            continue
        except torch.cuda.OutOfMemoryError as error:
            torch.cuda.empty_cache()
            send({"id": request_id, "ok": False, "transient": True, "error": "out of GPU memory: %s" % error})
            continue
        except Exception as error:  # the worker survives a failed generation
            send({"id": request_id, "ok": False, "error": "%s: %s" % (type(error).__name__, error)})
            continue
        send({
            "id": request_id, "ok": True, "wav_base64": base64.b64encode(audio).decode("ascii"),
            "sample_rate": sample_rate, "duration_seconds": round(duration, 3), "model": model_name,
            "device": device, "elapsed_seconds": round(time.monotonic() - started, 3),
        })


def main():
    sys.stdout = sys.stderr  # libraries' prints must not break the protocol
    try:
        import torch  # noqa: F401
        import transformers  # noqa: F401
        import numpy  # noqa: F401
    except Exception as error:
        send({"ready": False, "error": "%s (%s: %s)" % (INSTALL_HINT, type(error).__name__, error)})
        return 0
    model_name = os.environ.get("MUSICGEN_MODEL") or "facebook/musicgen-small"
    try:
        max_seconds = float(os.environ.get("MUSICGEN_MAX_SECONDS") or 15)
    except ValueError:
        max_seconds = 15.0
    try:
        device = resolve_device(torch, os.environ.get("MUSICGEN_DEVICE"))
        model, processor = load_model(model_name, device)
    except Exception as error:
        send({"ready": False, "error": "the music model %s could not be loaded (%s: %s); set MUSICGEN_MODEL to a "
              "model name or a local directory, and MUSICGEN_DEVICE to cpu or cuda" % (model_name, type(error).__name__, error)})
        return 0
    send({"ready": True, "model": model_name, "device": device, "max_seconds": max_seconds,
          "sample_rate": model.config.audio_encoder.sampling_rate})
    serve(model, processor, device, model_name, max_seconds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
