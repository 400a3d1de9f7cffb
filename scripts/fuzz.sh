#!/usr/bin/env bash
# Runs every cargo-fuzz target (or the ones named) for SECONDS each, on stable Rust
# (`--sanitizer none`), with the protocol's dictionary and seeds taken from the test data.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]      default: 20 seconds, every target
#
# Fails on the first crash (the reproducer stays in fuzz/artifacts/TARGET/). Prints, per target,
# how many executions it survived, and writes the table to target/fuzz-summary.txt. The corpus
# each run grows is kept in target/fuzz-corpus/TARGET, so repeated runs go deeper.
# CI runs it for 20 s a target; run it for longer on demand, e.g. `scripts/fuzz.sh 600`.
# For the address sanitizer: RUSTC_BOOTSTRAP=1 and FUZZ_SANITIZER=address.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
seconds=${1:-20}
shift || true
sanitizer=${FUZZ_SANITIZER:-none}

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "cargo-fuzz is required: cargo install cargo-fuzz --locked" >&2
    exit 1
fi

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    mapfile -t targets < <(cd fuzz && cargo fuzz list)
fi

dict_for() {
    case "$1" in
    smtp_*) echo "$root/fuzz/dict/smtp.dict" ;;
    pop3_*) echo "$root/fuzz/dict/pop3.dict" ;;
    imap_*) echo "$root/fuzz/dict/imap.dict" ;;
    message | envelope) echo "$root/fuzz/dict/message.dict" ;;
    sasl) echo "$root/fuzz/dict/sasl.dict" ;;
    *) echo "" ;;
    esac
}

corpus="$root/target/fuzz-corpus"
python3 scripts/fuzz_seeds.py "$corpus" "${targets[@]}"

(cd fuzz && cargo fuzz build --sanitizer "$sanitizer")

summary="$root/target/fuzz-summary.txt"
printf '%-16s %12s %8s\n' target executions seconds > "$summary"
for t in "${targets[@]}"; do
    log="$root/target/fuzz-$t.log"
    args=(-max_total_time="$seconds" -print_final_stats=1 -rss_limit_mb=2048)
    dict=$(dict_for "$t")
    [ -n "$dict" ] && args+=(-dict="$dict")
    echo "fuzz: $t for ${seconds}s"
    if ! (cd fuzz && cargo fuzz run --sanitizer "$sanitizer" "$t" "$corpus/$t" -- "${args[@]}") >"$log" 2>&1; then
        tail -n 40 "$log" >&2
        echo "fuzz: $t FAILED (log: $log, reproducer in fuzz/artifacts/$t/)" >&2
        exit 1
    fi
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -n1)
    printf '%-16s %12s %8s\n' "$t" "${runs:-?}" "$seconds" >> "$summary"
done
cat "$summary"
