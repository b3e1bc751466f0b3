#!/usr/bin/env python3
"""Saves a tiny, randomly initialised MusicGen model (with its processor) to a directory, without any
download, so that the real worker can be tested on a CPU in seconds.

    python make_tiny_musicgen.py OUT_DIR

Needs torch, transformers and tokenizers (pip install torch transformers).
"""
import sys


def tiny_tokenizer():
    """A word-level T5-style fast tokenizer built in memory (no vocabulary file to fetch)."""
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    words = ["<pad>", "</s>", "<unk>"] + ("calm medieval lute ambience piano dark forest music epic "
                                          "battle drums quiet tavern song soft a the of and").split()
    backend = Tokenizer(models.WordLevel({w: i for i, w in enumerate(words)}, unk_token="<unk>"))
    backend.pre_tokenizer = pre_tokenizers.Whitespace()
    return PreTrainedTokenizerFast(tokenizer_object=backend, pad_token="<pad>", eos_token="</s>", unk_token="<unk>")


def build(out_dir):
    import torch
    from transformers import (EncodecConfig, EncodecFeatureExtractor, MusicgenConfig, MusicgenDecoderConfig,
                              MusicgenForConditionalGeneration, MusicgenProcessor, T5Config)

    torch.manual_seed(0)
    text = T5Config(vocab_size=32, d_model=16, d_kv=4, d_ff=32, num_layers=1, num_heads=2,
                    relative_attention_num_buckets=8, pad_token_id=0, eos_token_id=1, decoder_start_token_id=0)
    codec = EncodecConfig(sampling_rate=8000, audio_channels=1, hidden_size=16, num_filters=4, num_residual_layers=1,
                          upsampling_ratios=[4, 4, 5], codebook_size=64, codebook_dim=16, num_lstm_layers=1,
                          target_bandwidths=[2.2], use_causal_conv=False, normalize=False, compress=2,
                          kernel_size=3, last_kernel_size=3, residual_kernel_size=3)
    decoder = MusicgenDecoderConfig(vocab_size=64, hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                                    ffn_dim=32, num_codebooks=2, max_position_embeddings=512,
                                    pad_token_id=64, bos_token_id=64)
    config = MusicgenConfig(text_encoder=text, audio_encoder=codec, decoder=decoder)
    model = MusicgenForConditionalGeneration(config)
    generation = model.generation_config
    generation.decoder_start_token_id = 64
    generation.pad_token_id = 64
    generation.bos_token_id = 64
    generation.do_sample = True
    generation.guidance_scale = 3.0
    generation.max_length = 1500
    model.save_pretrained(out_dir)
    processor = MusicgenProcessor(feature_extractor=EncodecFeatureExtractor(feature_size=1, sampling_rate=8000),
                                  tokenizer=tiny_tokenizer())
    processor.save_pretrained(out_dir)


if __name__ == "__main__":
    build(sys.argv[1])
