#!/bin/bash
# Train one or two judges side by side on a lent GPU machine and bring back what training changed.
#
#   here:   python -m training.transfer pack-init .gpu/init
#           copy the training sets train_judge reads (training/judge_data.py) to .gpu/train;
#           download pysbd's wheel to .whl (the device tool's README says how); both folders
#           ignored in .git/info/exclude and named in the run's carry
#   there:  bash training/gpu/run.sh "$OUT" "--seed 15 --lr 7e-5" ["--seed 14 --limit 56000"]
#   here:   python -m training.transfer assemble /work/.device/N/m1 build/judge-m1
#           python -m benchmarks.judge --max-n 5 --threshold 0.6 --judge build/judge-m1
#
# Every variant trains with --init (the packed start weights), --freeze-embeddings, --negatives 7
# and --listwise 1.0, plus its own arguments; at most two, as two sets of trained tensors
# (2 x 22 MB) are what the link brings back. Each stops after LIMIT seconds (default 420).
set -u
OUT=${1:?usage: run.sh OUT "VARIANT ARGS" ["VARIANT ARGS"]}
shift
LIMIT=${LIMIT:-420}
mkdir -p "$OUT" /tmp/judges /tmp/logs
if [ -d .whl ]; then
    python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --target /tmp/site .whl/*.whl || exit 1
fi
export PYTHONPATH=/tmp/site:$PWD PYTHONUNBUFFERED=1 TOKENIZERS_PARALLELISM=false
nvidia-smi -L
python3 -m training.transfer unpack-init .gpu/init /tmp/init || exit 1
pids=()
i=0
for variant in "$@"; do
    i=$((i + 1))
    # shellcheck disable=SC2086  # a variant is a list of arguments
    timeout "$LIMIT" python3 training/gpu/launch.py training.train_judge --train-dir .gpu/train --init /tmp/init \
        --freeze-embeddings --no-export --negatives 7 --listwise 1.0 --threads 2 --out /tmp/judges/m$i $variant \
        > /tmp/logs/m$i.log 2>&1 &
    pids+=($!)
done
wait "${pids[@]}"
for log in /tmp/logs/*.log; do
    echo "== $log"
    grep -v "not found verbatim" "$log" | tail -n 4
done > "$OUT/logs.txt"
for judge in /tmp/judges/m*; do
    python3 -m training.transfer pack-trained "$judge/torch" "$OUT/$(basename "$judge")" >> "$OUT/logs.txt" 2>&1
done
cat "$OUT/logs.txt"
