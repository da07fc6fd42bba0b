# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_aiperture_global_optspecs
    string join \n store= config= json q/quiet no-wait h/help V/version
end

function __fish_aiperture_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_aiperture_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_aiperture_using_subcommand
    set -l cmd (__fish_aiperture_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c aiperture -n "__fish_aiperture_needs_command" -l store -d 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)' -r -F
complete -c aiperture -n "__fish_aiperture_needs_command" -l config -d 'Override a configuration value for this command (repeatable)' -r
complete -c aiperture -n "__fish_aiperture_needs_command" -l json -d 'Print machine-readable JSON (a stable object with a `format` field)'
complete -c aiperture -n "__fish_aiperture_needs_command" -s q -l quiet -d 'Print only what was asked for: no notes, progress or confirmations'
complete -c aiperture -n "__fish_aiperture_needs_command" -l no-wait -d 'Fail at once instead of waiting when another process holds the store lock'
complete -c aiperture -n "__fish_aiperture_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c aiperture -n "__fish_aiperture_needs_command" -s V -l version -d 'Print version'
complete -c aiperture -n "__fish_aiperture_needs_command" -f -a "check" -d 'Decide allow, deny or ask for one tool call'
complete -c aiperture -n "__fish_aiperture_needs_command" -f -a "approve" -d 'Approve a pending request by its challenge id (human use)'
complete -c aiperture -n "__fish_aiperture_needs_command" -f -a "deny" -d 'Deny a pending request by its challenge id (human use)'
complete -c aiperture -n "__fish_aiperture_needs_command" -f -a "explain" -d 'Explain what a tool call would do and how risky it is'
complete -c aiperture -n "__fish_aiperture_needs_command" -f -a "grant" -d 'Let one task do something without asking (human use)'
complete -c aiperture -n "__fish_aiperture_needs_command" -f -a "revoke" -d 'Cancel every earlier human decision a pattern covers (human use)'
complete -c aiperture -n "__fish_aiperture_needs_command" -f -a "pending" -d 'List requests waiting for a human decision'
complete -c aiperture -n "__fish_aiperture_needs_command" -f -a "patterns" -d 'Show what aiperture learned from human decisions'
complete -c aiperture -n "__fish_aiperture_needs_command" -f -a "verify-chain" -d 'Verify the journal\'s hash chain and HEAD'
complete -c aiperture -n "__fish_aiperture_needs_command" -f -a "config" -d 'Read and change configuration'
complete -c aiperture -n "__fish_aiperture_needs_command" -f -a "policy" -d 'Lint and trust the project policy'
complete -c aiperture -n "__fish_aiperture_needs_command" -f -a "artifact" -d 'Store, show, list and verify agent outputs, and sum their costs'
complete -c aiperture -n "__fish_aiperture_needs_command" -f -a "audit" -d 'Query and export the journal'
complete -c aiperture -n "__fish_aiperture_needs_command" -f -a "report-execution" -d 'Record that a tool ran, for compliance'
complete -c aiperture -n "__fish_aiperture_needs_command" -f -a "compliance" -d 'Check that every reported execution was allowed first'
complete -c aiperture -n "__fish_aiperture_needs_command" -f -a "stats" -d 'Summarise checks, decisions and the journal'
complete -c aiperture -n "__fish_aiperture_needs_command" -f -a "bootstrap" -d 'Start from a reviewed policy preset (human use)'
complete -c aiperture -n "__fish_aiperture_needs_command" -f -a "init" -d 'Create a project store (.aiperture/) in a folder'
complete -c aiperture -n "__fish_aiperture_needs_command" -f -a "where" -d 'Print which store is in use and how it was found'
complete -c aiperture -n "__fish_aiperture_needs_command" -f -a "reindex" -d 'Rebuild the derived index from the journal'
complete -c aiperture -n "__fish_aiperture_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c aiperture -n "__fish_aiperture_needs_command" -f -a "serve" -d 'Serve the HTTP API for agents and humans'
complete -c aiperture -n "__fish_aiperture_needs_command" -f -a "mcp-serve" -d 'Serve the MCP tools on standard input and output, for agents'
complete -c aiperture -n "__fish_aiperture_needs_command" -f -a "hook" -d 'Answer an agent\'s hook event (read as JSON from standard input)'
complete -c aiperture -n "__fish_aiperture_needs_command" -f -a "setup" -d 'Install aiperture as a hook of a coding agent'
complete -c aiperture -n "__fish_aiperture_needs_command" -f -a "doctor" -d 'Check the setup: store, journal, trust, policy, agent hooks, pending asks'
complete -c aiperture -n "__fish_aiperture_needs_command" -f -a "intel" -d 'Shared intelligence: learn across teams without revealing anyone\'s decisions'
complete -c aiperture -n "__fish_aiperture_needs_command" -f -a "configure" -d 'Set the main tunables by answering a few questions (on a terminal)'
complete -c aiperture -n "__fish_aiperture_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c aiperture -n "__fish_aiperture_using_subcommand check" -l store -d 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)' -r -F
complete -c aiperture -n "__fish_aiperture_using_subcommand check" -l config -d 'Override a configuration value for this command (repeatable)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand check" -l session -d 'Agent session id (rate limit, session memory and risk budget are per session)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand check" -l task -d 'Task id (task grants)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand check" -l org -d 'Organisation' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand check" -l project -d 'Project within the organisation' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand check" -l content-hash -d 'Hash of the content a write would produce' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand check" -l runtime -d 'Agent runtime asking (claude-code, codex, …)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand check" -l json -d 'Print machine-readable JSON (a stable object with a `format` field)'
complete -c aiperture -n "__fish_aiperture_using_subcommand check" -s q -l quiet -d 'Print only what was asked for: no notes, progress or confirmations'
complete -c aiperture -n "__fish_aiperture_using_subcommand check" -l no-wait -d 'Fail at once instead of waiting when another process holds the store lock'
complete -c aiperture -n "__fish_aiperture_using_subcommand check" -l stdin -d 'Read the request as one JSON object from standard input instead'
complete -c aiperture -n "__fish_aiperture_using_subcommand check" -l explain -d 'Also explain what the command does, part by part (see `aiperture explain`)'
complete -c aiperture -n "__fish_aiperture_using_subcommand check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c aiperture -n "__fish_aiperture_using_subcommand check" -s V -l version -d 'Print version'
complete -c aiperture -n "__fish_aiperture_using_subcommand approve" -l store -d 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)' -r -F
complete -c aiperture -n "__fish_aiperture_using_subcommand approve" -l config -d 'Override a configuration value for this command (repeatable)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand approve" -l by -d 'Who decides (default: $USER)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand approve" -l reason -d 'Why (journaled)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand approve" -l json -d 'Print machine-readable JSON (a stable object with a `format` field)'
complete -c aiperture -n "__fish_aiperture_using_subcommand approve" -s q -l quiet -d 'Print only what was asked for: no notes, progress or confirmations'
complete -c aiperture -n "__fish_aiperture_using_subcommand approve" -l no-wait -d 'Fail at once instead of waiting when another process holds the store lock'
complete -c aiperture -n "__fish_aiperture_using_subcommand approve" -s y -l yes -d 'Do not ask for confirmation (for scripts run by a human)'
complete -c aiperture -n "__fish_aiperture_using_subcommand approve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c aiperture -n "__fish_aiperture_using_subcommand approve" -s V -l version -d 'Print version'
complete -c aiperture -n "__fish_aiperture_using_subcommand deny" -l store -d 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)' -r -F
complete -c aiperture -n "__fish_aiperture_using_subcommand deny" -l config -d 'Override a configuration value for this command (repeatable)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand deny" -l by -d 'Who decides (default: $USER)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand deny" -l reason -d 'Why (journaled)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand deny" -l json -d 'Print machine-readable JSON (a stable object with a `format` field)'
complete -c aiperture -n "__fish_aiperture_using_subcommand deny" -s q -l quiet -d 'Print only what was asked for: no notes, progress or confirmations'
complete -c aiperture -n "__fish_aiperture_using_subcommand deny" -l no-wait -d 'Fail at once instead of waiting when another process holds the store lock'
complete -c aiperture -n "__fish_aiperture_using_subcommand deny" -s y -l yes -d 'Do not ask for confirmation (for scripts run by a human)'
complete -c aiperture -n "__fish_aiperture_using_subcommand deny" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c aiperture -n "__fish_aiperture_using_subcommand deny" -s V -l version -d 'Print version'
complete -c aiperture -n "__fish_aiperture_using_subcommand explain" -l store -d 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)' -r -F
complete -c aiperture -n "__fish_aiperture_using_subcommand explain" -l config -d 'Override a configuration value for this command (repeatable)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand explain" -l json -d 'Print machine-readable JSON (a stable object with a `format` field)'
complete -c aiperture -n "__fish_aiperture_using_subcommand explain" -s q -l quiet -d 'Print only what was asked for: no notes, progress or confirmations'
complete -c aiperture -n "__fish_aiperture_using_subcommand explain" -l no-wait -d 'Fail at once instead of waiting when another process holds the store lock'
complete -c aiperture -n "__fish_aiperture_using_subcommand explain" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c aiperture -n "__fish_aiperture_using_subcommand explain" -s V -l version -d 'Print version'
complete -c aiperture -n "__fish_aiperture_using_subcommand grant; and not __fish_seen_subcommand_from list revoke help" -l store -d 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)' -r -F
complete -c aiperture -n "__fish_aiperture_using_subcommand grant; and not __fish_seen_subcommand_from list revoke help" -l config -d 'Override a configuration value for this command (repeatable)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand grant; and not __fish_seen_subcommand_from list revoke help" -l task -d 'The task the grant is for' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand grant; and not __fish_seen_subcommand_from list revoke help" -l decision -d 'What the grant decides' -r -f -a "allow\t''
deny\t''
ask\t''"
complete -c aiperture -n "__fish_aiperture_using_subcommand grant; and not __fish_seen_subcommand_from list revoke help" -l ttl -d 'How long the grant lives: 90s, 15m, 8h, 7d (default: it never expires)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand grant; and not __fish_seen_subcommand_from list revoke help" -l org -d 'Organisation' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand grant; and not __fish_seen_subcommand_from list revoke help" -l by -d 'Who grants (default: $USER)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand grant; and not __fish_seen_subcommand_from list revoke help" -l reason -d 'Why (journaled)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand grant; and not __fish_seen_subcommand_from list revoke help" -l json -d 'Print machine-readable JSON (a stable object with a `format` field)'
complete -c aiperture -n "__fish_aiperture_using_subcommand grant; and not __fish_seen_subcommand_from list revoke help" -s q -l quiet -d 'Print only what was asked for: no notes, progress or confirmations'
complete -c aiperture -n "__fish_aiperture_using_subcommand grant; and not __fish_seen_subcommand_from list revoke help" -l no-wait -d 'Fail at once instead of waiting when another process holds the store lock'
complete -c aiperture -n "__fish_aiperture_using_subcommand grant; and not __fish_seen_subcommand_from list revoke help" -l deny -d 'Shorthand for `--decision deny`'
complete -c aiperture -n "__fish_aiperture_using_subcommand grant; and not __fish_seen_subcommand_from list revoke help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c aiperture -n "__fish_aiperture_using_subcommand grant; and not __fish_seen_subcommand_from list revoke help" -s V -l version -d 'Print version'
complete -c aiperture -n "__fish_aiperture_using_subcommand grant; and not __fish_seen_subcommand_from list revoke help" -a "list" -d 'List grants (expired ones too, with their expiry)'
complete -c aiperture -n "__fish_aiperture_using_subcommand grant; and not __fish_seen_subcommand_from list revoke help" -a "revoke" -d 'End a grant before its time (human use)'
complete -c aiperture -n "__fish_aiperture_using_subcommand grant; and not __fish_seen_subcommand_from list revoke help" -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c aiperture -n "__fish_aiperture_using_subcommand grant; and __fish_seen_subcommand_from list" -l task -d 'Only this task\'s grants' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand grant; and __fish_seen_subcommand_from list" -l store -d 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)' -r -F
complete -c aiperture -n "__fish_aiperture_using_subcommand grant; and __fish_seen_subcommand_from list" -l config -d 'Override a configuration value for this command (repeatable)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand grant; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON (a stable object with a `format` field)'
complete -c aiperture -n "__fish_aiperture_using_subcommand grant; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only what was asked for: no notes, progress or confirmations'
complete -c aiperture -n "__fish_aiperture_using_subcommand grant; and __fish_seen_subcommand_from list" -l no-wait -d 'Fail at once instead of waiting when another process holds the store lock'
complete -c aiperture -n "__fish_aiperture_using_subcommand grant; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c aiperture -n "__fish_aiperture_using_subcommand grant; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c aiperture -n "__fish_aiperture_using_subcommand grant; and __fish_seen_subcommand_from revoke" -l by -d 'Who revokes (default: $USER)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand grant; and __fish_seen_subcommand_from revoke" -l store -d 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)' -r -F
complete -c aiperture -n "__fish_aiperture_using_subcommand grant; and __fish_seen_subcommand_from revoke" -l config -d 'Override a configuration value for this command (repeatable)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand grant; and __fish_seen_subcommand_from revoke" -l json -d 'Print machine-readable JSON (a stable object with a `format` field)'
complete -c aiperture -n "__fish_aiperture_using_subcommand grant; and __fish_seen_subcommand_from revoke" -s q -l quiet -d 'Print only what was asked for: no notes, progress or confirmations'
complete -c aiperture -n "__fish_aiperture_using_subcommand grant; and __fish_seen_subcommand_from revoke" -l no-wait -d 'Fail at once instead of waiting when another process holds the store lock'
complete -c aiperture -n "__fish_aiperture_using_subcommand grant; and __fish_seen_subcommand_from revoke" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c aiperture -n "__fish_aiperture_using_subcommand grant; and __fish_seen_subcommand_from revoke" -s V -l version -d 'Print version'
complete -c aiperture -n "__fish_aiperture_using_subcommand grant; and __fish_seen_subcommand_from help" -f -a "list" -d 'List grants (expired ones too, with their expiry)'
complete -c aiperture -n "__fish_aiperture_using_subcommand grant; and __fish_seen_subcommand_from help" -f -a "revoke" -d 'End a grant before its time (human use)'
complete -c aiperture -n "__fish_aiperture_using_subcommand grant; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c aiperture -n "__fish_aiperture_using_subcommand revoke" -l store -d 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)' -r -F
complete -c aiperture -n "__fish_aiperture_using_subcommand revoke" -l config -d 'Override a configuration value for this command (repeatable)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand revoke" -l org -d 'Organisation' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand revoke" -l by -d 'Who revokes (default: $USER)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand revoke" -l reason -d 'Why (journaled)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand revoke" -l json -d 'Print machine-readable JSON (a stable object with a `format` field)'
complete -c aiperture -n "__fish_aiperture_using_subcommand revoke" -s q -l quiet -d 'Print only what was asked for: no notes, progress or confirmations'
complete -c aiperture -n "__fish_aiperture_using_subcommand revoke" -l no-wait -d 'Fail at once instead of waiting when another process holds the store lock'
complete -c aiperture -n "__fish_aiperture_using_subcommand revoke" -l dry-run -d 'Show what would be revoked and change nothing'
complete -c aiperture -n "__fish_aiperture_using_subcommand revoke" -s y -l yes -d 'Do not ask for confirmation (required when standard input is not a terminal)'
complete -c aiperture -n "__fish_aiperture_using_subcommand revoke" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c aiperture -n "__fish_aiperture_using_subcommand revoke" -s V -l version -d 'Print version'
complete -c aiperture -n "__fish_aiperture_using_subcommand pending" -l store -d 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)' -r -F
complete -c aiperture -n "__fish_aiperture_using_subcommand pending" -l config -d 'Override a configuration value for this command (repeatable)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand pending" -l json -d 'Print machine-readable JSON (a stable object with a `format` field)'
complete -c aiperture -n "__fish_aiperture_using_subcommand pending" -s q -l quiet -d 'Print only what was asked for: no notes, progress or confirmations'
complete -c aiperture -n "__fish_aiperture_using_subcommand pending" -l no-wait -d 'Fail at once instead of waiting when another process holds the store lock'
complete -c aiperture -n "__fish_aiperture_using_subcommand pending" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c aiperture -n "__fish_aiperture_using_subcommand pending" -s V -l version -d 'Print version'
complete -c aiperture -n "__fish_aiperture_using_subcommand patterns" -l store -d 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)' -r -F
complete -c aiperture -n "__fish_aiperture_using_subcommand patterns" -l config -d 'Override a configuration value for this command (repeatable)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand patterns" -l json -d 'Print machine-readable JSON (a stable object with a `format` field)'
complete -c aiperture -n "__fish_aiperture_using_subcommand patterns" -s q -l quiet -d 'Print only what was asked for: no notes, progress or confirmations'
complete -c aiperture -n "__fish_aiperture_using_subcommand patterns" -l no-wait -d 'Fail at once instead of waiting when another process holds the store lock'
complete -c aiperture -n "__fish_aiperture_using_subcommand patterns" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c aiperture -n "__fish_aiperture_using_subcommand patterns" -s V -l version -d 'Print version'
complete -c aiperture -n "__fish_aiperture_using_subcommand verify-chain" -l store -d 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)' -r -F
complete -c aiperture -n "__fish_aiperture_using_subcommand verify-chain" -l config -d 'Override a configuration value for this command (repeatable)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand verify-chain" -l expect-head -d 'A head recorded elsewhere: SEQ:HASH, a 64-digit hash, or a file holding a HEAD or a hash' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand verify-chain" -l file -d 'Verify one JSONL file (a segment or an export) instead of the store\'s journal' -r -F
complete -c aiperture -n "__fish_aiperture_using_subcommand verify-chain" -l json -d 'Print machine-readable JSON (a stable object with a `format` field)'
complete -c aiperture -n "__fish_aiperture_using_subcommand verify-chain" -s q -l quiet -d 'Print only what was asked for: no notes, progress or confirmations'
complete -c aiperture -n "__fish_aiperture_using_subcommand verify-chain" -l no-wait -d 'Fail at once instead of waiting when another process holds the store lock'
complete -c aiperture -n "__fish_aiperture_using_subcommand verify-chain" -l require-events -d 'Fail (exit 1, finding no_events) when the journal has no events, e.g. is missing'
complete -c aiperture -n "__fish_aiperture_using_subcommand verify-chain" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c aiperture -n "__fish_aiperture_using_subcommand verify-chain" -s V -l version -d 'Print version'
complete -c aiperture -n "__fish_aiperture_using_subcommand config; and not __fish_seen_subcommand_from get set unset list help" -l store -d 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)' -r -F
complete -c aiperture -n "__fish_aiperture_using_subcommand config; and not __fish_seen_subcommand_from get set unset list help" -l config -d 'Override a configuration value for this command (repeatable)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand config; and not __fish_seen_subcommand_from get set unset list help" -l json -d 'Print machine-readable JSON (a stable object with a `format` field)'
complete -c aiperture -n "__fish_aiperture_using_subcommand config; and not __fish_seen_subcommand_from get set unset list help" -s q -l quiet -d 'Print only what was asked for: no notes, progress or confirmations'
complete -c aiperture -n "__fish_aiperture_using_subcommand config; and not __fish_seen_subcommand_from get set unset list help" -l no-wait -d 'Fail at once instead of waiting when another process holds the store lock'
complete -c aiperture -n "__fish_aiperture_using_subcommand config; and not __fish_seen_subcommand_from get set unset list help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c aiperture -n "__fish_aiperture_using_subcommand config; and not __fish_seen_subcommand_from get set unset list help" -s V -l version -d 'Print version'
complete -c aiperture -n "__fish_aiperture_using_subcommand config; and not __fish_seen_subcommand_from get set unset list help" -f -a "get" -d 'Print one value (with --user: as the user config file sets it)'
complete -c aiperture -n "__fish_aiperture_using_subcommand config; and not __fish_seen_subcommand_from get set unset list help" -f -a "set" -d 'Set a value in the store\'s config.toml, or with --user in the user config (validated, journaled)'
complete -c aiperture -n "__fish_aiperture_using_subcommand config; and not __fish_seen_subcommand_from get set unset list help" -f -a "unset" -d 'Remove a key from the store\'s config.toml, or with --user from the user config (journaled); works on a file that does not load, and on keys that do not exist'
complete -c aiperture -n "__fish_aiperture_using_subcommand config; and not __fish_seen_subcommand_from get set unset list help" -f -a "list" -d 'Print every key and its value (with --user: only what the user config file sets)'
complete -c aiperture -n "__fish_aiperture_using_subcommand config; and not __fish_seen_subcommand_from get set unset list help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c aiperture -n "__fish_aiperture_using_subcommand config; and __fish_seen_subcommand_from get" -l store -d 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)' -r -F
complete -c aiperture -n "__fish_aiperture_using_subcommand config; and __fish_seen_subcommand_from get" -l config -d 'Override a configuration value for this command (repeatable)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand config; and __fish_seen_subcommand_from get" -l user -d 'Read the user config file ($XDG_CONFIG_HOME/aiperture/config.toml) alone'
complete -c aiperture -n "__fish_aiperture_using_subcommand config; and __fish_seen_subcommand_from get" -l json -d 'Print machine-readable JSON (a stable object with a `format` field)'
complete -c aiperture -n "__fish_aiperture_using_subcommand config; and __fish_seen_subcommand_from get" -s q -l quiet -d 'Print only what was asked for: no notes, progress or confirmations'
complete -c aiperture -n "__fish_aiperture_using_subcommand config; and __fish_seen_subcommand_from get" -l no-wait -d 'Fail at once instead of waiting when another process holds the store lock'
complete -c aiperture -n "__fish_aiperture_using_subcommand config; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c aiperture -n "__fish_aiperture_using_subcommand config; and __fish_seen_subcommand_from get" -s V -l version -d 'Print version'
complete -c aiperture -n "__fish_aiperture_using_subcommand config; and __fish_seen_subcommand_from set" -l store -d 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)' -r -F
complete -c aiperture -n "__fish_aiperture_using_subcommand config; and __fish_seen_subcommand_from set" -l config -d 'Override a configuration value for this command (repeatable)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand config; and __fish_seen_subcommand_from set" -l user -d 'Write the user config file ($XDG_CONFIG_HOME/aiperture/config.toml) instead of the store\'s config.toml; it applies to every store and may hold credentials'
complete -c aiperture -n "__fish_aiperture_using_subcommand config; and __fish_seen_subcommand_from set" -l json -d 'Print machine-readable JSON (a stable object with a `format` field)'
complete -c aiperture -n "__fish_aiperture_using_subcommand config; and __fish_seen_subcommand_from set" -s q -l quiet -d 'Print only what was asked for: no notes, progress or confirmations'
complete -c aiperture -n "__fish_aiperture_using_subcommand config; and __fish_seen_subcommand_from set" -l no-wait -d 'Fail at once instead of waiting when another process holds the store lock'
complete -c aiperture -n "__fish_aiperture_using_subcommand config; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c aiperture -n "__fish_aiperture_using_subcommand config; and __fish_seen_subcommand_from set" -s V -l version -d 'Print version'
complete -c aiperture -n "__fish_aiperture_using_subcommand config; and __fish_seen_subcommand_from unset" -l store -d 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)' -r -F
complete -c aiperture -n "__fish_aiperture_using_subcommand config; and __fish_seen_subcommand_from unset" -l config -d 'Override a configuration value for this command (repeatable)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand config; and __fish_seen_subcommand_from unset" -l user -d 'Edit the user config file ($XDG_CONFIG_HOME/aiperture/config.toml) instead of the store\'s config.toml'
complete -c aiperture -n "__fish_aiperture_using_subcommand config; and __fish_seen_subcommand_from unset" -l json -d 'Print machine-readable JSON (a stable object with a `format` field)'
complete -c aiperture -n "__fish_aiperture_using_subcommand config; and __fish_seen_subcommand_from unset" -s q -l quiet -d 'Print only what was asked for: no notes, progress or confirmations'
complete -c aiperture -n "__fish_aiperture_using_subcommand config; and __fish_seen_subcommand_from unset" -l no-wait -d 'Fail at once instead of waiting when another process holds the store lock'
complete -c aiperture -n "__fish_aiperture_using_subcommand config; and __fish_seen_subcommand_from unset" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c aiperture -n "__fish_aiperture_using_subcommand config; and __fish_seen_subcommand_from unset" -s V -l version -d 'Print version'
complete -c aiperture -n "__fish_aiperture_using_subcommand config; and __fish_seen_subcommand_from list" -l store -d 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)' -r -F
complete -c aiperture -n "__fish_aiperture_using_subcommand config; and __fish_seen_subcommand_from list" -l config -d 'Override a configuration value for this command (repeatable)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand config; and __fish_seen_subcommand_from list" -l show-origin -d 'Show where each value comes from'
complete -c aiperture -n "__fish_aiperture_using_subcommand config; and __fish_seen_subcommand_from list" -l user -d 'List only what the user config file ($XDG_CONFIG_HOME/aiperture/config.toml) sets'
complete -c aiperture -n "__fish_aiperture_using_subcommand config; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON (a stable object with a `format` field)'
complete -c aiperture -n "__fish_aiperture_using_subcommand config; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only what was asked for: no notes, progress or confirmations'
complete -c aiperture -n "__fish_aiperture_using_subcommand config; and __fish_seen_subcommand_from list" -l no-wait -d 'Fail at once instead of waiting when another process holds the store lock'
complete -c aiperture -n "__fish_aiperture_using_subcommand config; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c aiperture -n "__fish_aiperture_using_subcommand config; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c aiperture -n "__fish_aiperture_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "get" -d 'Print one value (with --user: as the user config file sets it)'
complete -c aiperture -n "__fish_aiperture_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "set" -d 'Set a value in the store\'s config.toml, or with --user in the user config (validated, journaled)'
complete -c aiperture -n "__fish_aiperture_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "unset" -d 'Remove a key from the store\'s config.toml, or with --user from the user config (journaled); works on a file that does not load, and on keys that do not exist'
complete -c aiperture -n "__fish_aiperture_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "list" -d 'Print every key and its value (with --user: only what the user config file sets)'
complete -c aiperture -n "__fish_aiperture_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c aiperture -n "__fish_aiperture_using_subcommand policy; and not __fish_seen_subcommand_from check trust suggest help" -l store -d 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)' -r -F
complete -c aiperture -n "__fish_aiperture_using_subcommand policy; and not __fish_seen_subcommand_from check trust suggest help" -l config -d 'Override a configuration value for this command (repeatable)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand policy; and not __fish_seen_subcommand_from check trust suggest help" -l json -d 'Print machine-readable JSON (a stable object with a `format` field)'
complete -c aiperture -n "__fish_aiperture_using_subcommand policy; and not __fish_seen_subcommand_from check trust suggest help" -s q -l quiet -d 'Print only what was asked for: no notes, progress or confirmations'
complete -c aiperture -n "__fish_aiperture_using_subcommand policy; and not __fish_seen_subcommand_from check trust suggest help" -l no-wait -d 'Fail at once instead of waiting when another process holds the store lock'
complete -c aiperture -n "__fish_aiperture_using_subcommand policy; and not __fish_seen_subcommand_from check trust suggest help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c aiperture -n "__fish_aiperture_using_subcommand policy; and not __fish_seen_subcommand_from check trust suggest help" -s V -l version -d 'Print version'
complete -c aiperture -n "__fish_aiperture_using_subcommand policy; and not __fish_seen_subcommand_from check trust suggest help" -f -a "check" -d 'Lint policy.toml: syntax, unknown keys, bad globs, shadowed rules, allow-all rules'
complete -c aiperture -n "__fish_aiperture_using_subcommand policy; and not __fish_seen_subcommand_from check trust suggest help" -f -a "trust" -d 'Trust the project\'s policy.toml and config.toml as they are now'
complete -c aiperture -n "__fish_aiperture_using_subcommand policy; and not __fish_seen_subcommand_from check trust suggest help" -f -a "suggest" -d 'Propose allow rules from what learning already allows by itself'
complete -c aiperture -n "__fish_aiperture_using_subcommand policy; and not __fish_seen_subcommand_from check trust suggest help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c aiperture -n "__fish_aiperture_using_subcommand policy; and __fish_seen_subcommand_from check" -l store -d 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)' -r -F
complete -c aiperture -n "__fish_aiperture_using_subcommand policy; and __fish_seen_subcommand_from check" -l config -d 'Override a configuration value for this command (repeatable)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand policy; and __fish_seen_subcommand_from check" -l json -d 'Print machine-readable JSON (a stable object with a `format` field)'
complete -c aiperture -n "__fish_aiperture_using_subcommand policy; and __fish_seen_subcommand_from check" -s q -l quiet -d 'Print only what was asked for: no notes, progress or confirmations'
complete -c aiperture -n "__fish_aiperture_using_subcommand policy; and __fish_seen_subcommand_from check" -l no-wait -d 'Fail at once instead of waiting when another process holds the store lock'
complete -c aiperture -n "__fish_aiperture_using_subcommand policy; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c aiperture -n "__fish_aiperture_using_subcommand policy; and __fish_seen_subcommand_from check" -s V -l version -d 'Print version'
complete -c aiperture -n "__fish_aiperture_using_subcommand policy; and __fish_seen_subcommand_from trust" -l store -d 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)' -r -F
complete -c aiperture -n "__fish_aiperture_using_subcommand policy; and __fish_seen_subcommand_from trust" -l config -d 'Override a configuration value for this command (repeatable)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand policy; and __fish_seen_subcommand_from trust" -l json -d 'Print machine-readable JSON (a stable object with a `format` field)'
complete -c aiperture -n "__fish_aiperture_using_subcommand policy; and __fish_seen_subcommand_from trust" -s q -l quiet -d 'Print only what was asked for: no notes, progress or confirmations'
complete -c aiperture -n "__fish_aiperture_using_subcommand policy; and __fish_seen_subcommand_from trust" -l no-wait -d 'Fail at once instead of waiting when another process holds the store lock'
complete -c aiperture -n "__fish_aiperture_using_subcommand policy; and __fish_seen_subcommand_from trust" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c aiperture -n "__fish_aiperture_using_subcommand policy; and __fish_seen_subcommand_from trust" -s V -l version -d 'Print version'
complete -c aiperture -n "__fish_aiperture_using_subcommand policy; and __fish_seen_subcommand_from suggest" -l store -d 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)' -r -F
complete -c aiperture -n "__fish_aiperture_using_subcommand policy; and __fish_seen_subcommand_from suggest" -l config -d 'Override a configuration value for this command (repeatable)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand policy; and __fish_seen_subcommand_from suggest" -l write -d 'Append the suggestions to policy.toml'
complete -c aiperture -n "__fish_aiperture_using_subcommand policy; and __fish_seen_subcommand_from suggest" -l json -d 'Print machine-readable JSON (a stable object with a `format` field)'
complete -c aiperture -n "__fish_aiperture_using_subcommand policy; and __fish_seen_subcommand_from suggest" -s q -l quiet -d 'Print only what was asked for: no notes, progress or confirmations'
complete -c aiperture -n "__fish_aiperture_using_subcommand policy; and __fish_seen_subcommand_from suggest" -l no-wait -d 'Fail at once instead of waiting when another process holds the store lock'
complete -c aiperture -n "__fish_aiperture_using_subcommand policy; and __fish_seen_subcommand_from suggest" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c aiperture -n "__fish_aiperture_using_subcommand policy; and __fish_seen_subcommand_from suggest" -s V -l version -d 'Print version'
complete -c aiperture -n "__fish_aiperture_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "check" -d 'Lint policy.toml: syntax, unknown keys, bad globs, shadowed rules, allow-all rules'
complete -c aiperture -n "__fish_aiperture_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "trust" -d 'Trust the project\'s policy.toml and config.toml as they are now'
complete -c aiperture -n "__fish_aiperture_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "suggest" -d 'Propose allow rules from what learning already allows by itself'
complete -c aiperture -n "__fish_aiperture_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and not __fish_seen_subcommand_from store show list verify costs help" -l store -d 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)' -r -F
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and not __fish_seen_subcommand_from store show list verify costs help" -l config -d 'Override a configuration value for this command (repeatable)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and not __fish_seen_subcommand_from store show list verify costs help" -l json -d 'Print machine-readable JSON (a stable object with a `format` field)'
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and not __fish_seen_subcommand_from store show list verify costs help" -s q -l quiet -d 'Print only what was asked for: no notes, progress or confirmations'
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and not __fish_seen_subcommand_from store show list verify costs help" -l no-wait -d 'Fail at once instead of waiting when another process holds the store lock'
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and not __fish_seen_subcommand_from store show list verify costs help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and not __fish_seen_subcommand_from store show list verify costs help" -s V -l version -d 'Print version'
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and not __fish_seen_subcommand_from store show list verify costs help" -f -a "store" -d 'Store a file (or standard input) as an artifact'
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and not __fish_seen_subcommand_from store show list verify costs help" -f -a "show" -d 'Print an artifact\'s metadata, or its content with --raw'
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and not __fish_seen_subcommand_from store show list verify costs help" -f -a "list" -d 'List artifacts'
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and not __fish_seen_subcommand_from store show list verify costs help" -f -a "verify" -d 'Re-hash objects against the journal; report missing, modified and orphaned objects'
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and not __fish_seen_subcommand_from store show list verify costs help" -f -a "costs" -d 'Sum tokens and cost'
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and not __fish_seen_subcommand_from store show list verify costs help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from store" -l task -d 'Task that produced it' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from store" -l type -d 'Kind of output: tool_call, tool_response, llm_response, file, message, custom' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from store" -l tool -d 'Tool that produced it' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from store" -l summary -d 'One-line summary' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from store" -l session -d 'Session' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from store" -l org -d 'Organisation' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from store" -l tokens-in -d 'Input tokens' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from store" -l tokens-out -d 'Output tokens' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from store" -l cost -d 'Cost in US dollars, e.g. 0.0123 (kept exactly, as micro-dollars)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from store" -l model -d 'Model used' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from store" -l provider -d 'Provider used' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from store" -l store -d 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)' -r -F
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from store" -l config -d 'Override a configuration value for this command (repeatable)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from store" -l json -d 'Print machine-readable JSON (a stable object with a `format` field)'
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from store" -s q -l quiet -d 'Print only what was asked for: no notes, progress or confirmations'
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from store" -l no-wait -d 'Fail at once instead of waiting when another process holds the store lock'
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from store" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from store" -s V -l version -d 'Print version'
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from show" -l store -d 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)' -r -F
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from show" -l config -d 'Override a configuration value for this command (repeatable)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from show" -l raw -d 'Print the content itself (verified against its digest first)'
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from show" -l json -d 'Print machine-readable JSON (a stable object with a `format` field)'
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only what was asked for: no notes, progress or confirmations'
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from show" -l no-wait -d 'Fail at once instead of waiting when another process holds the store lock'
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from list" -l task -d 'Only this task\'s artifacts' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from list" -l store -d 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)' -r -F
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from list" -l config -d 'Override a configuration value for this command (repeatable)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON (a stable object with a `format` field)'
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only what was asked for: no notes, progress or confirmations'
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from list" -l no-wait -d 'Fail at once instead of waiting when another process holds the store lock'
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from verify" -l store -d 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)' -r -F
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from verify" -l config -d 'Override a configuration value for this command (repeatable)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from verify" -l all -d 'Verify every object the journal names and look for orphaned objects'
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from verify" -l json -d 'Print machine-readable JSON (a stable object with a `format` field)'
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'Print only what was asked for: no notes, progress or confirmations'
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from verify" -l no-wait -d 'Fail at once instead of waiting when another process holds the store lock'
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from verify" -s V -l version -d 'Print version'
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from costs" -l by -d 'Group by' -r -f -a "provider\t''
model\t''
task\t''"
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from costs" -l store -d 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)' -r -F
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from costs" -l config -d 'Override a configuration value for this command (repeatable)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from costs" -l json -d 'Print machine-readable JSON (a stable object with a `format` field)'
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from costs" -s q -l quiet -d 'Print only what was asked for: no notes, progress or confirmations'
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from costs" -l no-wait -d 'Fail at once instead of waiting when another process holds the store lock'
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from costs" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from costs" -s V -l version -d 'Print version'
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from help" -f -a "store" -d 'Store a file (or standard input) as an artifact'
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print an artifact\'s metadata, or its content with --raw'
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from help" -f -a "list" -d 'List artifacts'
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Re-hash objects against the journal; report missing, modified and orphaned objects'
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from help" -f -a "costs" -d 'Sum tokens and cost'
complete -c aiperture -n "__fish_aiperture_using_subcommand artifact; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c aiperture -n "__fish_aiperture_using_subcommand audit; and not __fish_seen_subcommand_from log show export help" -l store -d 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)' -r -F
complete -c aiperture -n "__fish_aiperture_using_subcommand audit; and not __fish_seen_subcommand_from log show export help" -l config -d 'Override a configuration value for this command (repeatable)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand audit; and not __fish_seen_subcommand_from log show export help" -l json -d 'Print machine-readable JSON (a stable object with a `format` field)'
complete -c aiperture -n "__fish_aiperture_using_subcommand audit; and not __fish_seen_subcommand_from log show export help" -s q -l quiet -d 'Print only what was asked for: no notes, progress or confirmations'
complete -c aiperture -n "__fish_aiperture_using_subcommand audit; and not __fish_seen_subcommand_from log show export help" -l no-wait -d 'Fail at once instead of waiting when another process holds the store lock'
complete -c aiperture -n "__fish_aiperture_using_subcommand audit; and not __fish_seen_subcommand_from log show export help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c aiperture -n "__fish_aiperture_using_subcommand audit; and not __fish_seen_subcommand_from log show export help" -s V -l version -d 'Print version'
complete -c aiperture -n "__fish_aiperture_using_subcommand audit; and not __fish_seen_subcommand_from log show export help" -f -a "log" -d 'Show events, newest last (the last --limit that match)'
complete -c aiperture -n "__fish_aiperture_using_subcommand audit; and not __fish_seen_subcommand_from log show export help" -f -a "show" -d 'Show one event by its seq'
complete -c aiperture -n "__fish_aiperture_using_subcommand audit; and not __fish_seen_subcommand_from log show export help" -f -a "export" -d 'Export events as JSON Lines (verifiable with `verify-chain --file`) or CSV'
complete -c aiperture -n "__fish_aiperture_using_subcommand audit; and not __fish_seen_subcommand_from log show export help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c aiperture -n "__fish_aiperture_using_subcommand audit; and __fish_seen_subcommand_from log" -l kind -d 'Only events of this kind' -r -f -a "check\t''
decision\t''
execution\t''
grant\t''
grant_revoke\t''
revoke\t''
artifact\t''
config\t''
policy\t''
preset\t''
intel\t''
recovered\t''"
complete -c aiperture -n "__fish_aiperture_using_subcommand audit; and __fish_seen_subcommand_from log" -l session -d 'Session of the request' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand audit; and __fish_seen_subcommand_from log" -l tool -d 'Tool of the request' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand audit; and __fish_seen_subcommand_from log" -l decision -d 'Verdict or human decision' -r -f -a "allow\t''
deny\t''
ask\t''"
complete -c aiperture -n "__fish_aiperture_using_subcommand audit; and __fish_seen_subcommand_from log" -l since -d 'Only events at or after this time (RFC 3339)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand audit; and __fish_seen_subcommand_from log" -l until -d 'Only events at or before this time (RFC 3339)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand audit; and __fish_seen_subcommand_from log" -l limit -d 'At most this many events (the newest); 0 for all' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand audit; and __fish_seen_subcommand_from log" -l store -d 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)' -r -F
complete -c aiperture -n "__fish_aiperture_using_subcommand audit; and __fish_seen_subcommand_from log" -l config -d 'Override a configuration value for this command (repeatable)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand audit; and __fish_seen_subcommand_from log" -l json -d 'Print machine-readable JSON (a stable object with a `format` field)'
complete -c aiperture -n "__fish_aiperture_using_subcommand audit; and __fish_seen_subcommand_from log" -s q -l quiet -d 'Print only what was asked for: no notes, progress or confirmations'
complete -c aiperture -n "__fish_aiperture_using_subcommand audit; and __fish_seen_subcommand_from log" -l no-wait -d 'Fail at once instead of waiting when another process holds the store lock'
complete -c aiperture -n "__fish_aiperture_using_subcommand audit; and __fish_seen_subcommand_from log" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c aiperture -n "__fish_aiperture_using_subcommand audit; and __fish_seen_subcommand_from log" -s V -l version -d 'Print version'
complete -c aiperture -n "__fish_aiperture_using_subcommand audit; and __fish_seen_subcommand_from show" -l store -d 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)' -r -F
complete -c aiperture -n "__fish_aiperture_using_subcommand audit; and __fish_seen_subcommand_from show" -l config -d 'Override a configuration value for this command (repeatable)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand audit; and __fish_seen_subcommand_from show" -l json -d 'Print machine-readable JSON (a stable object with a `format` field)'
complete -c aiperture -n "__fish_aiperture_using_subcommand audit; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only what was asked for: no notes, progress or confirmations'
complete -c aiperture -n "__fish_aiperture_using_subcommand audit; and __fish_seen_subcommand_from show" -l no-wait -d 'Fail at once instead of waiting when another process holds the store lock'
complete -c aiperture -n "__fish_aiperture_using_subcommand audit; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c aiperture -n "__fish_aiperture_using_subcommand audit; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c aiperture -n "__fish_aiperture_using_subcommand audit; and __fish_seen_subcommand_from export" -l format -d 'Output format' -r -f -a "jsonl\t''
csv\t''"
complete -c aiperture -n "__fish_aiperture_using_subcommand audit; and __fish_seen_subcommand_from export" -l since -d 'Only events at or after this time (RFC 3339)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand audit; and __fish_seen_subcommand_from export" -l store -d 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)' -r -F
complete -c aiperture -n "__fish_aiperture_using_subcommand audit; and __fish_seen_subcommand_from export" -l config -d 'Override a configuration value for this command (repeatable)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand audit; and __fish_seen_subcommand_from export" -l json -d 'Print machine-readable JSON (a stable object with a `format` field)'
complete -c aiperture -n "__fish_aiperture_using_subcommand audit; and __fish_seen_subcommand_from export" -s q -l quiet -d 'Print only what was asked for: no notes, progress or confirmations'
complete -c aiperture -n "__fish_aiperture_using_subcommand audit; and __fish_seen_subcommand_from export" -l no-wait -d 'Fail at once instead of waiting when another process holds the store lock'
complete -c aiperture -n "__fish_aiperture_using_subcommand audit; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c aiperture -n "__fish_aiperture_using_subcommand audit; and __fish_seen_subcommand_from export" -s V -l version -d 'Print version'
complete -c aiperture -n "__fish_aiperture_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "log" -d 'Show events, newest last (the last --limit that match)'
complete -c aiperture -n "__fish_aiperture_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one event by its seq'
complete -c aiperture -n "__fish_aiperture_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "export" -d 'Export events as JSON Lines (verifiable with `verify-chain --file`) or CSV'
complete -c aiperture -n "__fish_aiperture_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c aiperture -n "__fish_aiperture_using_subcommand report-execution" -l store -d 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)' -r -F
complete -c aiperture -n "__fish_aiperture_using_subcommand report-execution" -l config -d 'Override a configuration value for this command (repeatable)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand report-execution" -l session -d 'Session' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand report-execution" -l org -d 'Organisation' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand report-execution" -l project -d 'Project' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand report-execution" -l task -d 'Task' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand report-execution" -l content-hash -d 'Content hash' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand report-execution" -l status -d 'Whether the tool succeeded' -r -f -a "ok\t''
failed\t''"
complete -c aiperture -n "__fish_aiperture_using_subcommand report-execution" -l json -d 'Print machine-readable JSON (a stable object with a `format` field)'
complete -c aiperture -n "__fish_aiperture_using_subcommand report-execution" -s q -l quiet -d 'Print only what was asked for: no notes, progress or confirmations'
complete -c aiperture -n "__fish_aiperture_using_subcommand report-execution" -l no-wait -d 'Fail at once instead of waiting when another process holds the store lock'
complete -c aiperture -n "__fish_aiperture_using_subcommand report-execution" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c aiperture -n "__fish_aiperture_using_subcommand report-execution" -s V -l version -d 'Print version'
complete -c aiperture -n "__fish_aiperture_using_subcommand compliance" -l store -d 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)' -r -F
complete -c aiperture -n "__fish_aiperture_using_subcommand compliance" -l config -d 'Override a configuration value for this command (repeatable)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand compliance" -l session -d 'Only this session' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand compliance" -l json -d 'Print machine-readable JSON (a stable object with a `format` field)'
complete -c aiperture -n "__fish_aiperture_using_subcommand compliance" -s q -l quiet -d 'Print only what was asked for: no notes, progress or confirmations'
complete -c aiperture -n "__fish_aiperture_using_subcommand compliance" -l no-wait -d 'Fail at once instead of waiting when another process holds the store lock'
complete -c aiperture -n "__fish_aiperture_using_subcommand compliance" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c aiperture -n "__fish_aiperture_using_subcommand compliance" -s V -l version -d 'Print version'
complete -c aiperture -n "__fish_aiperture_using_subcommand stats" -l store -d 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)' -r -F
complete -c aiperture -n "__fish_aiperture_using_subcommand stats" -l config -d 'Override a configuration value for this command (repeatable)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand stats" -l json -d 'Print machine-readable JSON (a stable object with a `format` field)'
complete -c aiperture -n "__fish_aiperture_using_subcommand stats" -s q -l quiet -d 'Print only what was asked for: no notes, progress or confirmations'
complete -c aiperture -n "__fish_aiperture_using_subcommand stats" -l no-wait -d 'Fail at once instead of waiting when another process holds the store lock'
complete -c aiperture -n "__fish_aiperture_using_subcommand stats" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c aiperture -n "__fish_aiperture_using_subcommand stats" -s V -l version -d 'Print version'
complete -c aiperture -n "__fish_aiperture_using_subcommand bootstrap" -l store -d 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)' -r -F
complete -c aiperture -n "__fish_aiperture_using_subcommand bootstrap" -l config -d 'Override a configuration value for this command (repeatable)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand bootstrap" -l json -d 'Print machine-readable JSON (a stable object with a `format` field)'
complete -c aiperture -n "__fish_aiperture_using_subcommand bootstrap" -s q -l quiet -d 'Print only what was asked for: no notes, progress or confirmations'
complete -c aiperture -n "__fish_aiperture_using_subcommand bootstrap" -l no-wait -d 'Fail at once instead of waiting when another process holds the store lock'
complete -c aiperture -n "__fish_aiperture_using_subcommand bootstrap" -l show -d 'Print the preset\'s rules and change nothing'
complete -c aiperture -n "__fish_aiperture_using_subcommand bootstrap" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c aiperture -n "__fish_aiperture_using_subcommand bootstrap" -s V -l version -d 'Print version'
complete -c aiperture -n "__fish_aiperture_using_subcommand init" -l store -d 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)' -r -F
complete -c aiperture -n "__fish_aiperture_using_subcommand init" -l config -d 'Override a configuration value for this command (repeatable)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand init" -l json -d 'Print machine-readable JSON (a stable object with a `format` field)'
complete -c aiperture -n "__fish_aiperture_using_subcommand init" -s q -l quiet -d 'Print only what was asked for: no notes, progress or confirmations'
complete -c aiperture -n "__fish_aiperture_using_subcommand init" -l no-wait -d 'Fail at once instead of waiting when another process holds the store lock'
complete -c aiperture -n "__fish_aiperture_using_subcommand init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c aiperture -n "__fish_aiperture_using_subcommand init" -s V -l version -d 'Print version'
complete -c aiperture -n "__fish_aiperture_using_subcommand where" -l store -d 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)' -r -F
complete -c aiperture -n "__fish_aiperture_using_subcommand where" -l config -d 'Override a configuration value for this command (repeatable)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand where" -l json -d 'Print machine-readable JSON (a stable object with a `format` field)'
complete -c aiperture -n "__fish_aiperture_using_subcommand where" -s q -l quiet -d 'Print only what was asked for: no notes, progress or confirmations'
complete -c aiperture -n "__fish_aiperture_using_subcommand where" -l no-wait -d 'Fail at once instead of waiting when another process holds the store lock'
complete -c aiperture -n "__fish_aiperture_using_subcommand where" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c aiperture -n "__fish_aiperture_using_subcommand where" -s V -l version -d 'Print version'
complete -c aiperture -n "__fish_aiperture_using_subcommand reindex" -l store -d 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)' -r -F
complete -c aiperture -n "__fish_aiperture_using_subcommand reindex" -l config -d 'Override a configuration value for this command (repeatable)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand reindex" -l json -d 'Print machine-readable JSON (a stable object with a `format` field)'
complete -c aiperture -n "__fish_aiperture_using_subcommand reindex" -s q -l quiet -d 'Print only what was asked for: no notes, progress or confirmations'
complete -c aiperture -n "__fish_aiperture_using_subcommand reindex" -l no-wait -d 'Fail at once instead of waiting when another process holds the store lock'
complete -c aiperture -n "__fish_aiperture_using_subcommand reindex" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c aiperture -n "__fish_aiperture_using_subcommand reindex" -s V -l version -d 'Print version'
complete -c aiperture -n "__fish_aiperture_using_subcommand completions" -l store -d 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)' -r -F
complete -c aiperture -n "__fish_aiperture_using_subcommand completions" -l config -d 'Override a configuration value for this command (repeatable)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand completions" -l json -d 'Print machine-readable JSON (a stable object with a `format` field)'
complete -c aiperture -n "__fish_aiperture_using_subcommand completions" -s q -l quiet -d 'Print only what was asked for: no notes, progress or confirmations'
complete -c aiperture -n "__fish_aiperture_using_subcommand completions" -l no-wait -d 'Fail at once instead of waiting when another process holds the store lock'
complete -c aiperture -n "__fish_aiperture_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c aiperture -n "__fish_aiperture_using_subcommand completions" -s V -l version -d 'Print version'
complete -c aiperture -n "__fish_aiperture_using_subcommand serve" -l store -d 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)' -r -F
complete -c aiperture -n "__fish_aiperture_using_subcommand serve" -l config -d 'Override a configuration value for this command (repeatable)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand serve" -l addr -d 'Address to listen on, e.g. 127.0.0.1:8100 (port 0 picks a free port)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand serve" -l workers -d 'Worker threads (default: `server.workers`)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand serve" -l json -d 'Print machine-readable JSON (a stable object with a `format` field)'
complete -c aiperture -n "__fish_aiperture_using_subcommand serve" -s q -l quiet -d 'Print only what was asked for: no notes, progress or confirmations'
complete -c aiperture -n "__fish_aiperture_using_subcommand serve" -l no-wait -d 'Fail at once instead of waiting when another process holds the store lock'
complete -c aiperture -n "__fish_aiperture_using_subcommand serve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c aiperture -n "__fish_aiperture_using_subcommand serve" -s V -l version -d 'Print version'
complete -c aiperture -n "__fish_aiperture_using_subcommand mcp-serve" -l store -d 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)' -r -F
complete -c aiperture -n "__fish_aiperture_using_subcommand mcp-serve" -l config -d 'Override a configuration value for this command (repeatable)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand mcp-serve" -l json -d 'Print machine-readable JSON (a stable object with a `format` field)'
complete -c aiperture -n "__fish_aiperture_using_subcommand mcp-serve" -s q -l quiet -d 'Print only what was asked for: no notes, progress or confirmations'
complete -c aiperture -n "__fish_aiperture_using_subcommand mcp-serve" -l no-wait -d 'Fail at once instead of waiting when another process holds the store lock'
complete -c aiperture -n "__fish_aiperture_using_subcommand mcp-serve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c aiperture -n "__fish_aiperture_using_subcommand mcp-serve" -s V -l version -d 'Print version'
complete -c aiperture -n "__fish_aiperture_using_subcommand hook" -l store -d 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)' -r -F
complete -c aiperture -n "__fish_aiperture_using_subcommand hook" -l config -d 'Override a configuration value for this command (repeatable)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand hook" -l json -d 'Print machine-readable JSON (a stable object with a `format` field)'
complete -c aiperture -n "__fish_aiperture_using_subcommand hook" -s q -l quiet -d 'Print only what was asked for: no notes, progress or confirmations'
complete -c aiperture -n "__fish_aiperture_using_subcommand hook" -l no-wait -d 'Fail at once instead of waiting when another process holds the store lock'
complete -c aiperture -n "__fish_aiperture_using_subcommand hook" -l exit-2 -d 'Report a deny by exit status 2 with the reason on standard error, instead of JSON on standard output (holds even where the agent ignores JSON output)'
complete -c aiperture -n "__fish_aiperture_using_subcommand hook" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c aiperture -n "__fish_aiperture_using_subcommand hook" -s V -l version -d 'Print version'
complete -c aiperture -n "__fish_aiperture_using_subcommand setup" -l store -d 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)' -r -F
complete -c aiperture -n "__fish_aiperture_using_subcommand setup" -l config -d 'Override a configuration value for this command (repeatable)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand setup" -l program -d 'The program the agent runs (a path, or a name looked up on PATH) [default: the absolute path of this aiperture]' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand setup" -l json -d 'Print machine-readable JSON (a stable object with a `format` field)'
complete -c aiperture -n "__fish_aiperture_using_subcommand setup" -s q -l quiet -d 'Print only what was asked for: no notes, progress or confirmations'
complete -c aiperture -n "__fish_aiperture_using_subcommand setup" -l no-wait -d 'Fail at once instead of waiting when another process holds the store lock'
complete -c aiperture -n "__fish_aiperture_using_subcommand setup" -l global -d 'Change the user-wide configuration instead of the project\'s'
complete -c aiperture -n "__fish_aiperture_using_subcommand setup" -l dry-run -d 'Show what would change without writing anything'
complete -c aiperture -n "__fish_aiperture_using_subcommand setup" -l remove -d 'Remove aiperture\'s entries instead of adding them'
complete -c aiperture -n "__fish_aiperture_using_subcommand setup" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c aiperture -n "__fish_aiperture_using_subcommand setup" -s V -l version -d 'Print version'
complete -c aiperture -n "__fish_aiperture_using_subcommand doctor" -l store -d 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)' -r -F
complete -c aiperture -n "__fish_aiperture_using_subcommand doctor" -l config -d 'Override a configuration value for this command (repeatable)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand doctor" -l json -d 'Print machine-readable JSON (a stable object with a `format` field)'
complete -c aiperture -n "__fish_aiperture_using_subcommand doctor" -s q -l quiet -d 'Print only what was asked for: no notes, progress or confirmations'
complete -c aiperture -n "__fish_aiperture_using_subcommand doctor" -l no-wait -d 'Fail at once instead of waiting when another process holds the store lock'
complete -c aiperture -n "__fish_aiperture_using_subcommand doctor" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c aiperture -n "__fish_aiperture_using_subcommand doctor" -s V -l version -d 'Print version'
complete -c aiperture -n "__fish_aiperture_using_subcommand intel; and not __fish_seen_subcommand_from export import show help" -l store -d 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)' -r -F
complete -c aiperture -n "__fish_aiperture_using_subcommand intel; and not __fish_seen_subcommand_from export import show help" -l config -d 'Override a configuration value for this command (repeatable)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand intel; and not __fish_seen_subcommand_from export import show help" -l json -d 'Print machine-readable JSON (a stable object with a `format` field)'
complete -c aiperture -n "__fish_aiperture_using_subcommand intel; and not __fish_seen_subcommand_from export import show help" -s q -l quiet -d 'Print only what was asked for: no notes, progress or confirmations'
complete -c aiperture -n "__fish_aiperture_using_subcommand intel; and not __fish_seen_subcommand_from export import show help" -l no-wait -d 'Fail at once instead of waiting when another process holds the store lock'
complete -c aiperture -n "__fish_aiperture_using_subcommand intel; and not __fish_seen_subcommand_from export import show help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c aiperture -n "__fish_aiperture_using_subcommand intel; and not __fish_seen_subcommand_from export import show help" -s V -l version -d 'Print version'
complete -c aiperture -n "__fish_aiperture_using_subcommand intel; and not __fish_seen_subcommand_from export import show help" -f -a "export" -d 'Write a signed, privacy-preserving export of the learned patterns'
complete -c aiperture -n "__fish_aiperture_using_subcommand intel; and not __fish_seen_subcommand_from export import show help" -f -a "import" -d 'Pool exports from other organisations (or this one)'
complete -c aiperture -n "__fish_aiperture_using_subcommand intel; and not __fish_seen_subcommand_from export import show help" -f -a "show" -d 'Show the pooled signal of every pattern'
complete -c aiperture -n "__fish_aiperture_using_subcommand intel; and not __fish_seen_subcommand_from export import show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c aiperture -n "__fish_aiperture_using_subcommand intel; and __fish_seen_subcommand_from export" -l epsilon -d 'Privacy parameter per pattern (default: `intel.epsilon`, 1.0)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand intel; and __fish_seen_subcommand_from export" -l out -d 'Write the export to FILE instead of standard output' -r -F
complete -c aiperture -n "__fish_aiperture_using_subcommand intel; and __fish_seen_subcommand_from export" -l store -d 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)' -r -F
complete -c aiperture -n "__fish_aiperture_using_subcommand intel; and __fish_seen_subcommand_from export" -l config -d 'Override a configuration value for this command (repeatable)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand intel; and __fish_seen_subcommand_from export" -l json -d 'Print machine-readable JSON (a stable object with a `format` field)'
complete -c aiperture -n "__fish_aiperture_using_subcommand intel; and __fish_seen_subcommand_from export" -s q -l quiet -d 'Print only what was asked for: no notes, progress or confirmations'
complete -c aiperture -n "__fish_aiperture_using_subcommand intel; and __fish_seen_subcommand_from export" -l no-wait -d 'Fail at once instead of waiting when another process holds the store lock'
complete -c aiperture -n "__fish_aiperture_using_subcommand intel; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c aiperture -n "__fish_aiperture_using_subcommand intel; and __fish_seen_subcommand_from export" -s V -l version -d 'Print version'
complete -c aiperture -n "__fish_aiperture_using_subcommand intel; and __fish_seen_subcommand_from import" -l store -d 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)' -r -F
complete -c aiperture -n "__fish_aiperture_using_subcommand intel; and __fish_seen_subcommand_from import" -l config -d 'Override a configuration value for this command (repeatable)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand intel; and __fish_seen_subcommand_from import" -l json -d 'Print machine-readable JSON (a stable object with a `format` field)'
complete -c aiperture -n "__fish_aiperture_using_subcommand intel; and __fish_seen_subcommand_from import" -s q -l quiet -d 'Print only what was asked for: no notes, progress or confirmations'
complete -c aiperture -n "__fish_aiperture_using_subcommand intel; and __fish_seen_subcommand_from import" -l no-wait -d 'Fail at once instead of waiting when another process holds the store lock'
complete -c aiperture -n "__fish_aiperture_using_subcommand intel; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c aiperture -n "__fish_aiperture_using_subcommand intel; and __fish_seen_subcommand_from import" -s V -l version -d 'Print version'
complete -c aiperture -n "__fish_aiperture_using_subcommand intel; and __fish_seen_subcommand_from show" -l store -d 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)' -r -F
complete -c aiperture -n "__fish_aiperture_using_subcommand intel; and __fish_seen_subcommand_from show" -l config -d 'Override a configuration value for this command (repeatable)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand intel; and __fish_seen_subcommand_from show" -l json -d 'Print machine-readable JSON (a stable object with a `format` field)'
complete -c aiperture -n "__fish_aiperture_using_subcommand intel; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only what was asked for: no notes, progress or confirmations'
complete -c aiperture -n "__fish_aiperture_using_subcommand intel; and __fish_seen_subcommand_from show" -l no-wait -d 'Fail at once instead of waiting when another process holds the store lock'
complete -c aiperture -n "__fish_aiperture_using_subcommand intel; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c aiperture -n "__fish_aiperture_using_subcommand intel; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c aiperture -n "__fish_aiperture_using_subcommand intel; and __fish_seen_subcommand_from help" -f -a "export" -d 'Write a signed, privacy-preserving export of the learned patterns'
complete -c aiperture -n "__fish_aiperture_using_subcommand intel; and __fish_seen_subcommand_from help" -f -a "import" -d 'Pool exports from other organisations (or this one)'
complete -c aiperture -n "__fish_aiperture_using_subcommand intel; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show the pooled signal of every pattern'
complete -c aiperture -n "__fish_aiperture_using_subcommand intel; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c aiperture -n "__fish_aiperture_using_subcommand configure" -l store -d 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)' -r -F
complete -c aiperture -n "__fish_aiperture_using_subcommand configure" -l config -d 'Override a configuration value for this command (repeatable)' -r
complete -c aiperture -n "__fish_aiperture_using_subcommand configure" -l json -d 'Print machine-readable JSON (a stable object with a `format` field)'
complete -c aiperture -n "__fish_aiperture_using_subcommand configure" -s q -l quiet -d 'Print only what was asked for: no notes, progress or confirmations'
complete -c aiperture -n "__fish_aiperture_using_subcommand configure" -l no-wait -d 'Fail at once instead of waiting when another process holds the store lock'
complete -c aiperture -n "__fish_aiperture_using_subcommand configure" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c aiperture -n "__fish_aiperture_using_subcommand configure" -s V -l version -d 'Print version'
complete -c aiperture -n "__fish_aiperture_using_subcommand help; and not __fish_seen_subcommand_from check approve deny explain grant revoke pending patterns verify-chain config policy artifact audit report-execution compliance stats bootstrap init where reindex completions serve mcp-serve hook setup doctor intel configure help" -f -a "check"
complete -c aiperture -n "__fish_aiperture_using_subcommand help; and not __fish_seen_subcommand_from check approve deny explain grant revoke pending patterns verify-chain config policy artifact audit report-execution compliance stats bootstrap init where reindex completions serve mcp-serve hook setup doctor intel configure help" -f -a "approve"
complete -c aiperture -n "__fish_aiperture_using_subcommand help; and not __fish_seen_subcommand_from check approve deny explain grant revoke pending patterns verify-chain config policy artifact audit report-execution compliance stats bootstrap init where reindex completions serve mcp-serve hook setup doctor intel configure help" -f -a "deny"
complete -c aiperture -n "__fish_aiperture_using_subcommand help; and not __fish_seen_subcommand_from check approve deny explain grant revoke pending patterns verify-chain config policy artifact audit report-execution compliance stats bootstrap init where reindex completions serve mcp-serve hook setup doctor intel configure help" -f -a "explain"
complete -c aiperture -n "__fish_aiperture_using_subcommand help; and not __fish_seen_subcommand_from check approve deny explain grant revoke pending patterns verify-chain config policy artifact audit report-execution compliance stats bootstrap init where reindex completions serve mcp-serve hook setup doctor intel configure help" -f -a "grant"
complete -c aiperture -n "__fish_aiperture_using_subcommand help; and not __fish_seen_subcommand_from check approve deny explain grant revoke pending patterns verify-chain config policy artifact audit report-execution compliance stats bootstrap init where reindex completions serve mcp-serve hook setup doctor intel configure help" -f -a "revoke"
complete -c aiperture -n "__fish_aiperture_using_subcommand help; and not __fish_seen_subcommand_from check approve deny explain grant revoke pending patterns verify-chain config policy artifact audit report-execution compliance stats bootstrap init where reindex completions serve mcp-serve hook setup doctor intel configure help" -f -a "pending"
complete -c aiperture -n "__fish_aiperture_using_subcommand help; and not __fish_seen_subcommand_from check approve deny explain grant revoke pending patterns verify-chain config policy artifact audit report-execution compliance stats bootstrap init where reindex completions serve mcp-serve hook setup doctor intel configure help" -f -a "patterns"
complete -c aiperture -n "__fish_aiperture_using_subcommand help; and not __fish_seen_subcommand_from check approve deny explain grant revoke pending patterns verify-chain config policy artifact audit report-execution compliance stats bootstrap init where reindex completions serve mcp-serve hook setup doctor intel configure help" -f -a "verify-chain"
complete -c aiperture -n "__fish_aiperture_using_subcommand help; and not __fish_seen_subcommand_from check approve deny explain grant revoke pending patterns verify-chain config policy artifact audit report-execution compliance stats bootstrap init where reindex completions serve mcp-serve hook setup doctor intel configure help" -f -a "config" -d 'Read and change configuration'
complete -c aiperture -n "__fish_aiperture_using_subcommand help; and not __fish_seen_subcommand_from check approve deny explain grant revoke pending patterns verify-chain config policy artifact audit report-execution compliance stats bootstrap init where reindex completions serve mcp-serve hook setup doctor intel configure help" -f -a "policy" -d 'Lint and trust the project policy'
complete -c aiperture -n "__fish_aiperture_using_subcommand help; and not __fish_seen_subcommand_from check approve deny explain grant revoke pending patterns verify-chain config policy artifact audit report-execution compliance stats bootstrap init where reindex completions serve mcp-serve hook setup doctor intel configure help" -f -a "artifact" -d 'Store, show, list and verify agent outputs, and sum their costs'
complete -c aiperture -n "__fish_aiperture_using_subcommand help; and not __fish_seen_subcommand_from check approve deny explain grant revoke pending patterns verify-chain config policy artifact audit report-execution compliance stats bootstrap init where reindex completions serve mcp-serve hook setup doctor intel configure help" -f -a "audit" -d 'Query and export the journal'
complete -c aiperture -n "__fish_aiperture_using_subcommand help; and not __fish_seen_subcommand_from check approve deny explain grant revoke pending patterns verify-chain config policy artifact audit report-execution compliance stats bootstrap init where reindex completions serve mcp-serve hook setup doctor intel configure help" -f -a "report-execution"
complete -c aiperture -n "__fish_aiperture_using_subcommand help; and not __fish_seen_subcommand_from check approve deny explain grant revoke pending patterns verify-chain config policy artifact audit report-execution compliance stats bootstrap init where reindex completions serve mcp-serve hook setup doctor intel configure help" -f -a "compliance"
complete -c aiperture -n "__fish_aiperture_using_subcommand help; and not __fish_seen_subcommand_from check approve deny explain grant revoke pending patterns verify-chain config policy artifact audit report-execution compliance stats bootstrap init where reindex completions serve mcp-serve hook setup doctor intel configure help" -f -a "stats"
complete -c aiperture -n "__fish_aiperture_using_subcommand help; and not __fish_seen_subcommand_from check approve deny explain grant revoke pending patterns verify-chain config policy artifact audit report-execution compliance stats bootstrap init where reindex completions serve mcp-serve hook setup doctor intel configure help" -f -a "bootstrap"
complete -c aiperture -n "__fish_aiperture_using_subcommand help; and not __fish_seen_subcommand_from check approve deny explain grant revoke pending patterns verify-chain config policy artifact audit report-execution compliance stats bootstrap init where reindex completions serve mcp-serve hook setup doctor intel configure help" -f -a "init"
complete -c aiperture -n "__fish_aiperture_using_subcommand help; and not __fish_seen_subcommand_from check approve deny explain grant revoke pending patterns verify-chain config policy artifact audit report-execution compliance stats bootstrap init where reindex completions serve mcp-serve hook setup doctor intel configure help" -f -a "where"
complete -c aiperture -n "__fish_aiperture_using_subcommand help; and not __fish_seen_subcommand_from check approve deny explain grant revoke pending patterns verify-chain config policy artifact audit report-execution compliance stats bootstrap init where reindex completions serve mcp-serve hook setup doctor intel configure help" -f -a "reindex"
complete -c aiperture -n "__fish_aiperture_using_subcommand help; and not __fish_seen_subcommand_from check approve deny explain grant revoke pending patterns verify-chain config policy artifact audit report-execution compliance stats bootstrap init where reindex completions serve mcp-serve hook setup doctor intel configure help" -f -a "completions"
complete -c aiperture -n "__fish_aiperture_using_subcommand help; and not __fish_seen_subcommand_from check approve deny explain grant revoke pending patterns verify-chain config policy artifact audit report-execution compliance stats bootstrap init where reindex completions serve mcp-serve hook setup doctor intel configure help" -f -a "serve"
complete -c aiperture -n "__fish_aiperture_using_subcommand help; and not __fish_seen_subcommand_from check approve deny explain grant revoke pending patterns verify-chain config policy artifact audit report-execution compliance stats bootstrap init where reindex completions serve mcp-serve hook setup doctor intel configure help" -f -a "mcp-serve"
complete -c aiperture -n "__fish_aiperture_using_subcommand help; and not __fish_seen_subcommand_from check approve deny explain grant revoke pending patterns verify-chain config policy artifact audit report-execution compliance stats bootstrap init where reindex completions serve mcp-serve hook setup doctor intel configure help" -f -a "hook"
complete -c aiperture -n "__fish_aiperture_using_subcommand help; and not __fish_seen_subcommand_from check approve deny explain grant revoke pending patterns verify-chain config policy artifact audit report-execution compliance stats bootstrap init where reindex completions serve mcp-serve hook setup doctor intel configure help" -f -a "setup"
complete -c aiperture -n "__fish_aiperture_using_subcommand help; and not __fish_seen_subcommand_from check approve deny explain grant revoke pending patterns verify-chain config policy artifact audit report-execution compliance stats bootstrap init where reindex completions serve mcp-serve hook setup doctor intel configure help" -f -a "doctor"
complete -c aiperture -n "__fish_aiperture_using_subcommand help; and not __fish_seen_subcommand_from check approve deny explain grant revoke pending patterns verify-chain config policy artifact audit report-execution compliance stats bootstrap init where reindex completions serve mcp-serve hook setup doctor intel configure help" -f -a "intel" -d 'Shared intelligence: learn across teams without revealing anyone\'s decisions'
complete -c aiperture -n "__fish_aiperture_using_subcommand help; and not __fish_seen_subcommand_from check approve deny explain grant revoke pending patterns verify-chain config policy artifact audit report-execution compliance stats bootstrap init where reindex completions serve mcp-serve hook setup doctor intel configure help" -f -a "configure"
complete -c aiperture -n "__fish_aiperture_using_subcommand help; and not __fish_seen_subcommand_from check approve deny explain grant revoke pending patterns verify-chain config policy artifact audit report-execution compliance stats bootstrap init where reindex completions serve mcp-serve hook setup doctor intel configure help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c aiperture -n "__fish_aiperture_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "get" -d 'Print one value (with --user: as the user config file sets it)'
complete -c aiperture -n "__fish_aiperture_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "set" -d 'Set a value in the store\'s config.toml, or with --user in the user config (validated, journaled)'
complete -c aiperture -n "__fish_aiperture_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "unset" -d 'Remove a key from the store\'s config.toml, or with --user from the user config (journaled); works on a file that does not load, and on keys that do not exist'
complete -c aiperture -n "__fish_aiperture_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "list" -d 'Print every key and its value (with --user: only what the user config file sets)'
complete -c aiperture -n "__fish_aiperture_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "check" -d 'Lint policy.toml: syntax, unknown keys, bad globs, shadowed rules, allow-all rules'
complete -c aiperture -n "__fish_aiperture_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "trust" -d 'Trust the project\'s policy.toml and config.toml as they are now'
complete -c aiperture -n "__fish_aiperture_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "suggest" -d 'Propose allow rules from what learning already allows by itself'
complete -c aiperture -n "__fish_aiperture_using_subcommand help; and __fish_seen_subcommand_from artifact" -f -a "store" -d 'Store a file (or standard input) as an artifact'
complete -c aiperture -n "__fish_aiperture_using_subcommand help; and __fish_seen_subcommand_from artifact" -f -a "show" -d 'Print an artifact\'s metadata, or its content with --raw'
complete -c aiperture -n "__fish_aiperture_using_subcommand help; and __fish_seen_subcommand_from artifact" -f -a "list" -d 'List artifacts'
complete -c aiperture -n "__fish_aiperture_using_subcommand help; and __fish_seen_subcommand_from artifact" -f -a "verify" -d 'Re-hash objects against the journal; report missing, modified and orphaned objects'
complete -c aiperture -n "__fish_aiperture_using_subcommand help; and __fish_seen_subcommand_from artifact" -f -a "costs" -d 'Sum tokens and cost'
complete -c aiperture -n "__fish_aiperture_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "log" -d 'Show events, newest last (the last --limit that match)'
complete -c aiperture -n "__fish_aiperture_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "show" -d 'Show one event by its seq'
complete -c aiperture -n "__fish_aiperture_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "export" -d 'Export events as JSON Lines (verifiable with `verify-chain --file`) or CSV'
complete -c aiperture -n "__fish_aiperture_using_subcommand help; and __fish_seen_subcommand_from intel" -f -a "export" -d 'Write a signed, privacy-preserving export of the learned patterns'
complete -c aiperture -n "__fish_aiperture_using_subcommand help; and __fish_seen_subcommand_from intel" -f -a "import" -d 'Pool exports from other organisations (or this one)'
complete -c aiperture -n "__fish_aiperture_using_subcommand help; and __fish_seen_subcommand_from intel" -f -a "show" -d 'Show the pooled signal of every pattern'
