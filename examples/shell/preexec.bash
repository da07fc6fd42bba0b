# aiperture for an interactive bash or zsh: check every command line before it runs.
#
# Source it from ~/.bashrc or ~/.zshrc:   source /path/to/preexec.bash
#
# `aiperture check` exits 0 allow, 1 deny, 3 ask, 2 error. A denied line is not run; an
# "ask" prints the challenge so you can decide with `aiperture approve ch_…` (the rerun is
# then allowed for the session); an error is shown and, failing closed, the line is not run.
# AIPERTURE_SESSION names the session (rate limit, risk budget and session memory are per
# session). Commands that start with `aiperture` are not checked, so you can always answer.

AIPERTURE_SESSION="${AIPERTURE_SESSION:-shell-$$}"

__aiperture_check() {
  local line="$1"
  case "$line" in ''|aiperture\ *|' '*) return 0 ;; esac
  aiperture check --quiet --session "$AIPERTURE_SESSION" --runtime shell \
    shell execute "$line"
  case $? in
    0) return 0 ;;
    3) echo "aiperture: a human must decide first (see the challenge above)" >&2; return 1 ;;
    *) return 1 ;;
  esac
}

if [ -n "$ZSH_VERSION" ]; then
  # zsh: replace the accept-line widget so a refused line is not run.
  __aiperture_accept_line() {
    if __aiperture_check "$BUFFER"; then
      zle .accept-line
    else
      zle -M "aiperture: not run"
    fi
  }
  zle -N accept-line __aiperture_accept_line
elif [ -n "$BASH_VERSION" ]; then
  # bash: the DEBUG trap runs before each command; with extdebug a non-zero return skips it.
  shopt -s extdebug
  __aiperture_debug() {
    [ -n "$COMP_LINE" ] && return 0                  # completion, not a command
    [ "$BASH_COMMAND" = "$PROMPT_COMMAND" ] && return 0
    __aiperture_check "$BASH_COMMAND"
  }
  trap '__aiperture_debug' DEBUG
fi
