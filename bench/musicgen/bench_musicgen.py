#!/usr/bin/env python3
"""Times MusicGen generation with the musicgen-small architecture and random weights (same compute as the
real model), built from configuration in code: no download, no network.

    python bench_musicgen.py [--seconds 15] [--runs 2] [--device auto] [--dtype float32] [--arch small|tiny]

Prints one JSON object: seconds per clip for each run, their mean, the real-time factor, the device.
It generates through the plugin's own worker code (Plugins/MusicGen/worker/musicgen_worker.py).
"""
import argparse
import json
import os
import platform
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "Plugins", "MusicGen", "worker"))

import musicgen_worker  # noqa: E402


def tokenizer():
    """A word-level T5-style tokenizer built in memory (the text encoder's cost does not depend on it)."""
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    words = ["<pad>", "</s>", "<unk>"] + "calm medieval lute ambience in a quiet tavern at night".split()
    backend = Tokenizer(models.WordLevel({w: i for i, w in enumerate(words)}, unk_token="<unk>"))
    backend.pre_tokenizer = pre_tokenizers.Whitespace()
    return PreTrainedTokenizerFast(tokenizer_object=backend, pad_token="<pad>", eos_token="</s>", unk_token="<unk>")


def configs(arch):
    """Text encoder, codec and decoder configurations: facebook/musicgen-small's values, or tiny ones."""
    from transformers import EncodecConfig, MusicgenDecoderConfig, T5Config

    if arch == "tiny":
        return (T5Config(vocab_size=32, d_model=16, d_kv=4, d_ff=32, num_layers=1, num_heads=2,
                         relative_attention_num_buckets=8, pad_token_id=0, eos_token_id=1, decoder_start_token_id=0),
                EncodecConfig(sampling_rate=8000, audio_channels=1, hidden_size=16, num_filters=4,
                              num_residual_layers=1, upsampling_ratios=[4, 4, 5], codebook_size=64, codebook_dim=16,
                              num_lstm_layers=1, target_bandwidths=[2.2], use_causal_conv=False, normalize=False,
                              compress=2, kernel_size=3, last_kernel_size=3, residual_kernel_size=3),
                MusicgenDecoderConfig(vocab_size=64, hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                                      ffn_dim=32, num_codebooks=2, max_position_embeddings=2048,
                                      pad_token_id=64, bos_token_id=64))
    # facebook/musicgen-small: t5-base text encoder, EnCodec 32 kHz (4 codebooks of 2048, 50 frames/s),
    # a 24-layer decoder of width 1024 with 16 heads.
    return (T5Config(vocab_size=32128, d_model=768, d_kv=64, d_ff=3072, num_layers=12, num_heads=12,
                     relative_attention_num_buckets=32, dropout_rate=0.1, feed_forward_proj="relu",
                     pad_token_id=0, eos_token_id=1, decoder_start_token_id=0),
            EncodecConfig(sampling_rate=32000, audio_channels=1, hidden_size=128, num_filters=64,
                          num_residual_layers=1, upsampling_ratios=[8, 5, 4, 4], codebook_size=2048,
                          codebook_dim=128, num_lstm_layers=2, target_bandwidths=[2.2], use_causal_conv=False,
                          normalize=False, compress=2, kernel_size=7, last_kernel_size=7, residual_kernel_size=3,
                          dilation_growth_rate=2, norm_type="weight_norm", pad_mode="reflect", trim_right_ratio=1.0,
                          use_conv_shortcut=False),
            MusicgenDecoderConfig(vocab_size=2048, hidden_size=1024, num_hidden_layers=24, num_attention_heads=16,
                                  ffn_dim=4096, num_codebooks=4, max_position_embeddings=2048,
                                  activation_function="gelu", dropout=0.1, pad_token_id=2048, bos_token_id=2048))


def build(arch, device, dtype):
    import torch
    from transformers import (EncodecFeatureExtractor, MusicgenConfig, MusicgenForConditionalGeneration,
                              MusicgenProcessor)

    torch.manual_seed(0)
    text, codec, decoder = configs(arch)
    model = MusicgenForConditionalGeneration(MusicgenConfig(text_encoder=text, audio_encoder=codec, decoder=decoder))
    generation = model.generation_config
    generation.decoder_start_token_id = decoder.pad_token_id
    generation.pad_token_id = decoder.pad_token_id
    generation.bos_token_id = decoder.bos_token_id
    generation.do_sample = True
    generation.guidance_scale = 3.0
    generation.top_k = 250
    generation.max_length = 1500
    model.to(device=device, dtype=getattr(torch, dtype))
    model.eval()
    processor = MusicgenProcessor(
        feature_extractor=EncodecFeatureExtractor(feature_size=1, sampling_rate=codec.sampling_rate),
        tokenizer=tokenizer())
    return model, processor


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15.0, help="seconds of audio per clip (default 15)")
    parser.add_argument("--runs", type=int, default=2, help="timed clips after one warm-up (default 2)")
    parser.add_argument("--device", default="auto", help="auto (cuda when available), cpu, cuda…")
    parser.add_argument("--dtype", default="float32", choices=["float32", "float16", "bfloat16"])
    parser.add_argument("--arch", default="small", choices=["small", "tiny"])
    args = parser.parse_args()

    import torch
    import transformers

    device = musicgen_worker.resolve_device(torch, args.device)
    started = time.perf_counter()
    model, processor = build(args.arch, device, args.dtype)
    build_seconds = time.perf_counter() - started
    prompt = "calm medieval lute ambience in a quiet tavern at night"

    def sync():
        if device.startswith("cuda"):
            torch.cuda.synchronize()

    musicgen_worker.generate_wav(model, processor, device, prompt, 1.0)  # warm-up (kernels, allocator)
    sync()
    timings = []
    duration = 0.0
    for _ in range(args.runs):
        started = time.perf_counter()
        _, _, duration = musicgen_worker.generate_wav(model, processor, device, prompt, args.seconds)
        sync()
        timings.append(round(time.perf_counter() - started, 3))
    mean = sum(timings) / len(timings)
    print(json.dumps({
        "benchmark": "musicgen-%s-random-weights" % args.arch,
        "clip_seconds": args.seconds,
        "audio_seconds_generated": round(duration, 3),
        "seconds_per_clip": timings,
        "mean_seconds_per_clip": round(mean, 3),
        "real_time_factor": round(mean / args.seconds, 3),
        "device": device,
        "device_name": torch.cuda.get_device_name(0) if device.startswith("cuda") else platform.processor() or "cpu",
        "dtype": args.dtype,
        "parameters": sum(p.numel() for p in model.parameters()),
        "model_build_seconds": round(build_seconds, 2),
        "torch": torch.__version__,
        "transformers": transformers.__version__,
        "cpu_threads": torch.get_num_threads(),
        "load_average_1min_at_end": round(os.getloadavg()[0], 2),
    }))


if __name__ == "__main__":
    main()
