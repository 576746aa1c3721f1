"""The chat-model runtime: embedded llama.cpp or an OpenAI-compatible endpoint, structured calls, tokens."""
