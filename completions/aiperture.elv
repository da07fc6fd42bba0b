
use builtin;
use str;

set edit:completion:arg-completer[aiperture] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'aiperture'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'aiperture'= {
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Print only what was asked for: no notes, progress or confirmations'
            cand --quiet 'Print only what was asked for: no notes, progress or confirmations'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand check 'Decide allow, deny or ask for one tool call'
            cand approve 'Approve a pending request by its challenge id (human use)'
            cand deny 'Deny a pending request by its challenge id (human use)'
            cand explain 'Explain what a tool call would do and how risky it is'
            cand grant 'Let one task do something without asking (human use)'
            cand revoke 'Cancel every earlier human decision a pattern covers (human use)'
            cand pending 'List requests waiting for a human decision'
            cand patterns 'Show what aiperture learned from human decisions'
            cand verify-chain 'Verify the journal''s hash chain and HEAD'
            cand config 'Read and change configuration'
            cand policy 'Lint and trust the project policy'
            cand artifact 'Store, show, list and verify agent outputs, and sum their costs'
            cand audit 'Query and export the journal'
            cand report-execution 'Record that a tool ran, for compliance'
            cand compliance 'Check that every reported execution was allowed first'
            cand stats 'Summarise checks, decisions and the journal'
            cand bootstrap 'Start from a reviewed policy preset (human use)'
            cand init 'Create a project store (.aiperture/) in a folder'
            cand where 'Print which store is in use and how it was found'
            cand reindex 'Rebuild the derived index from the journal'
            cand completions 'Print a shell completion script'
            cand serve 'Serve the HTTP API for agents and humans'
            cand mcp-serve 'Serve the MCP tools on standard input and output, for agents'
            cand hook 'Answer an agent''s hook event (read as JSON from standard input)'
            cand setup 'Install aiperture as a hook of a coding agent'
            cand doctor 'Check the setup: store, journal, trust, policy, agent hooks, pending asks'
            cand intel 'Shared intelligence: learn across teams without revealing anyone''s decisions'
            cand configure 'Set the main tunables by answering a few questions (on a terminal)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'aiperture;check'= {
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --session 'Agent session id (rate limit, session memory and risk budget are per session)'
            cand --task 'Task id (task grants)'
            cand --org 'Organisation'
            cand --project 'Project within the organisation'
            cand --content-hash 'Hash of the content a write would produce'
            cand --runtime 'Agent runtime asking (claude-code, codex, …)'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Print only what was asked for: no notes, progress or confirmations'
            cand --quiet 'Print only what was asked for: no notes, progress or confirmations'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand --stdin 'Read the request as one JSON object from standard input instead'
            cand --explain 'Also explain what the command does, part by part (see `aiperture explain`)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aiperture;approve'= {
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --by 'Who decides (default: $USER)'
            cand --reason 'Why (journaled)'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Print only what was asked for: no notes, progress or confirmations'
            cand --quiet 'Print only what was asked for: no notes, progress or confirmations'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand -y 'Do not ask for confirmation (for scripts run by a human)'
            cand --yes 'Do not ask for confirmation (for scripts run by a human)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aiperture;deny'= {
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --by 'Who decides (default: $USER)'
            cand --reason 'Why (journaled)'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Print only what was asked for: no notes, progress or confirmations'
            cand --quiet 'Print only what was asked for: no notes, progress or confirmations'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand -y 'Do not ask for confirmation (for scripts run by a human)'
            cand --yes 'Do not ask for confirmation (for scripts run by a human)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aiperture;explain'= {
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Print only what was asked for: no notes, progress or confirmations'
            cand --quiet 'Print only what was asked for: no notes, progress or confirmations'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aiperture;grant'= {
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --task 'The task the grant is for'
            cand --decision 'What the grant decides'
            cand --ttl 'How long the grant lives: 90s, 15m, 8h, 7d (default: it never expires)'
            cand --org 'Organisation'
            cand --by 'Who grants (default: $USER)'
            cand --reason 'Why (journaled)'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Print only what was asked for: no notes, progress or confirmations'
            cand --quiet 'Print only what was asked for: no notes, progress or confirmations'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand --deny 'Shorthand for `--decision deny`'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List grants (expired ones too, with their expiry)'
            cand revoke 'End a grant before its time (human use)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'aiperture;grant;list'= {
            cand --task 'Only this task''s grants'
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Print only what was asked for: no notes, progress or confirmations'
            cand --quiet 'Print only what was asked for: no notes, progress or confirmations'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aiperture;grant;revoke'= {
            cand --by 'Who revokes (default: $USER)'
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Print only what was asked for: no notes, progress or confirmations'
            cand --quiet 'Print only what was asked for: no notes, progress or confirmations'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aiperture;grant;help'= {
            cand list 'List grants (expired ones too, with their expiry)'
            cand revoke 'End a grant before its time (human use)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'aiperture;grant;help;list'= {
        }
        &'aiperture;grant;help;revoke'= {
        }
        &'aiperture;grant;help;help'= {
        }
        &'aiperture;revoke'= {
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --org 'Organisation'
            cand --by 'Who revokes (default: $USER)'
            cand --reason 'Why (journaled)'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Print only what was asked for: no notes, progress or confirmations'
            cand --quiet 'Print only what was asked for: no notes, progress or confirmations'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand --dry-run 'Show what would be revoked and change nothing'
            cand -y 'Do not ask for confirmation (required when standard input is not a terminal)'
            cand --yes 'Do not ask for confirmation (required when standard input is not a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aiperture;pending'= {
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Print only what was asked for: no notes, progress or confirmations'
            cand --quiet 'Print only what was asked for: no notes, progress or confirmations'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aiperture;patterns'= {
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Print only what was asked for: no notes, progress or confirmations'
            cand --quiet 'Print only what was asked for: no notes, progress or confirmations'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aiperture;verify-chain'= {
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --expect-head 'A head recorded elsewhere: SEQ:HASH, a 64-digit hash, or a file holding a HEAD or a hash'
            cand --file 'Verify one JSONL file (a segment or an export) instead of the store''s journal'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Print only what was asked for: no notes, progress or confirmations'
            cand --quiet 'Print only what was asked for: no notes, progress or confirmations'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand --require-events 'Fail (exit 1, finding no_events) when the journal has no events, e.g. is missing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aiperture;config'= {
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Print only what was asked for: no notes, progress or confirmations'
            cand --quiet 'Print only what was asked for: no notes, progress or confirmations'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand get 'Print one value (with --user: as the user config file sets it)'
            cand set 'Set a value in the store''s config.toml, or with --user in the user config (validated, journaled)'
            cand unset 'Remove a key from the store''s config.toml, or with --user from the user config (journaled); works on a file that does not load, and on keys that do not exist'
            cand list 'Print every key and its value (with --user: only what the user config file sets)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'aiperture;config;get'= {
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --user 'Read the user config file ($XDG_CONFIG_HOME/aiperture/config.toml) alone'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Print only what was asked for: no notes, progress or confirmations'
            cand --quiet 'Print only what was asked for: no notes, progress or confirmations'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aiperture;config;set'= {
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --user 'Write the user config file ($XDG_CONFIG_HOME/aiperture/config.toml) instead of the store''s config.toml; it applies to every store and may hold credentials'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Print only what was asked for: no notes, progress or confirmations'
            cand --quiet 'Print only what was asked for: no notes, progress or confirmations'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aiperture;config;unset'= {
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --user 'Edit the user config file ($XDG_CONFIG_HOME/aiperture/config.toml) instead of the store''s config.toml'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Print only what was asked for: no notes, progress or confirmations'
            cand --quiet 'Print only what was asked for: no notes, progress or confirmations'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aiperture;config;list'= {
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --show-origin 'Show where each value comes from'
            cand --user 'List only what the user config file ($XDG_CONFIG_HOME/aiperture/config.toml) sets'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Print only what was asked for: no notes, progress or confirmations'
            cand --quiet 'Print only what was asked for: no notes, progress or confirmations'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aiperture;config;help'= {
            cand get 'Print one value (with --user: as the user config file sets it)'
            cand set 'Set a value in the store''s config.toml, or with --user in the user config (validated, journaled)'
            cand unset 'Remove a key from the store''s config.toml, or with --user from the user config (journaled); works on a file that does not load, and on keys that do not exist'
            cand list 'Print every key and its value (with --user: only what the user config file sets)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'aiperture;config;help;get'= {
        }
        &'aiperture;config;help;set'= {
        }
        &'aiperture;config;help;unset'= {
        }
        &'aiperture;config;help;list'= {
        }
        &'aiperture;config;help;help'= {
        }
        &'aiperture;policy'= {
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Print only what was asked for: no notes, progress or confirmations'
            cand --quiet 'Print only what was asked for: no notes, progress or confirmations'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand check 'Lint policy.toml: syntax, unknown keys, bad globs, shadowed rules, allow-all rules'
            cand trust 'Trust the project''s policy.toml and config.toml as they are now'
            cand suggest 'Propose allow rules from what learning already allows by itself'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'aiperture;policy;check'= {
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Print only what was asked for: no notes, progress or confirmations'
            cand --quiet 'Print only what was asked for: no notes, progress or confirmations'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aiperture;policy;trust'= {
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Print only what was asked for: no notes, progress or confirmations'
            cand --quiet 'Print only what was asked for: no notes, progress or confirmations'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aiperture;policy;suggest'= {
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --write 'Append the suggestions to policy.toml'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Print only what was asked for: no notes, progress or confirmations'
            cand --quiet 'Print only what was asked for: no notes, progress or confirmations'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aiperture;policy;help'= {
            cand check 'Lint policy.toml: syntax, unknown keys, bad globs, shadowed rules, allow-all rules'
            cand trust 'Trust the project''s policy.toml and config.toml as they are now'
            cand suggest 'Propose allow rules from what learning already allows by itself'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'aiperture;policy;help;check'= {
        }
        &'aiperture;policy;help;trust'= {
        }
        &'aiperture;policy;help;suggest'= {
        }
        &'aiperture;policy;help;help'= {
        }
        &'aiperture;artifact'= {
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Print only what was asked for: no notes, progress or confirmations'
            cand --quiet 'Print only what was asked for: no notes, progress or confirmations'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand store 'Store a file (or standard input) as an artifact'
            cand show 'Print an artifact''s metadata, or its content with --raw'
            cand list 'List artifacts'
            cand verify 'Re-hash objects against the journal; report missing, modified and orphaned objects'
            cand costs 'Sum tokens and cost'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'aiperture;artifact;store'= {
            cand --task 'Task that produced it'
            cand --type 'Kind of output: tool_call, tool_response, llm_response, file, message, custom'
            cand --tool 'Tool that produced it'
            cand --summary 'One-line summary'
            cand --session 'Session'
            cand --org 'Organisation'
            cand --tokens-in 'Input tokens'
            cand --tokens-out 'Output tokens'
            cand --cost 'Cost in US dollars, e.g. 0.0123 (kept exactly, as micro-dollars)'
            cand --model 'Model used'
            cand --provider 'Provider used'
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Print only what was asked for: no notes, progress or confirmations'
            cand --quiet 'Print only what was asked for: no notes, progress or confirmations'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aiperture;artifact;show'= {
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --raw 'Print the content itself (verified against its digest first)'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Print only what was asked for: no notes, progress or confirmations'
            cand --quiet 'Print only what was asked for: no notes, progress or confirmations'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aiperture;artifact;list'= {
            cand --task 'Only this task''s artifacts'
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Print only what was asked for: no notes, progress or confirmations'
            cand --quiet 'Print only what was asked for: no notes, progress or confirmations'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aiperture;artifact;verify'= {
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --all 'Verify every object the journal names and look for orphaned objects'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Print only what was asked for: no notes, progress or confirmations'
            cand --quiet 'Print only what was asked for: no notes, progress or confirmations'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aiperture;artifact;costs'= {
            cand --by 'Group by'
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Print only what was asked for: no notes, progress or confirmations'
            cand --quiet 'Print only what was asked for: no notes, progress or confirmations'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aiperture;artifact;help'= {
            cand store 'Store a file (or standard input) as an artifact'
            cand show 'Print an artifact''s metadata, or its content with --raw'
            cand list 'List artifacts'
            cand verify 'Re-hash objects against the journal; report missing, modified and orphaned objects'
            cand costs 'Sum tokens and cost'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'aiperture;artifact;help;store'= {
        }
        &'aiperture;artifact;help;show'= {
        }
        &'aiperture;artifact;help;list'= {
        }
        &'aiperture;artifact;help;verify'= {
        }
        &'aiperture;artifact;help;costs'= {
        }
        &'aiperture;artifact;help;help'= {
        }
        &'aiperture;audit'= {
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Print only what was asked for: no notes, progress or confirmations'
            cand --quiet 'Print only what was asked for: no notes, progress or confirmations'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand log 'Show events, newest last (the last --limit that match)'
            cand show 'Show one event by its seq'
            cand export 'Export events as JSON Lines (verifiable with `verify-chain --file`) or CSV'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'aiperture;audit;log'= {
            cand --kind 'Only events of this kind'
            cand --session 'Session of the request'
            cand --tool 'Tool of the request'
            cand --decision 'Verdict or human decision'
            cand --since 'Only events at or after this time (RFC 3339)'
            cand --until 'Only events at or before this time (RFC 3339)'
            cand --limit 'At most this many events (the newest); 0 for all'
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Print only what was asked for: no notes, progress or confirmations'
            cand --quiet 'Print only what was asked for: no notes, progress or confirmations'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aiperture;audit;show'= {
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Print only what was asked for: no notes, progress or confirmations'
            cand --quiet 'Print only what was asked for: no notes, progress or confirmations'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aiperture;audit;export'= {
            cand --format 'Output format'
            cand --since 'Only events at or after this time (RFC 3339)'
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Print only what was asked for: no notes, progress or confirmations'
            cand --quiet 'Print only what was asked for: no notes, progress or confirmations'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aiperture;audit;help'= {
            cand log 'Show events, newest last (the last --limit that match)'
            cand show 'Show one event by its seq'
            cand export 'Export events as JSON Lines (verifiable with `verify-chain --file`) or CSV'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'aiperture;audit;help;log'= {
        }
        &'aiperture;audit;help;show'= {
        }
        &'aiperture;audit;help;export'= {
        }
        &'aiperture;audit;help;help'= {
        }
        &'aiperture;report-execution'= {
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --session 'Session'
            cand --org 'Organisation'
            cand --project 'Project'
            cand --task 'Task'
            cand --content-hash 'Content hash'
            cand --status 'Whether the tool succeeded'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Print only what was asked for: no notes, progress or confirmations'
            cand --quiet 'Print only what was asked for: no notes, progress or confirmations'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aiperture;compliance'= {
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --session 'Only this session'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Print only what was asked for: no notes, progress or confirmations'
            cand --quiet 'Print only what was asked for: no notes, progress or confirmations'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aiperture;stats'= {
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Print only what was asked for: no notes, progress or confirmations'
            cand --quiet 'Print only what was asked for: no notes, progress or confirmations'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aiperture;bootstrap'= {
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Print only what was asked for: no notes, progress or confirmations'
            cand --quiet 'Print only what was asked for: no notes, progress or confirmations'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand --show 'Print the preset''s rules and change nothing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aiperture;init'= {
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Print only what was asked for: no notes, progress or confirmations'
            cand --quiet 'Print only what was asked for: no notes, progress or confirmations'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aiperture;where'= {
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Print only what was asked for: no notes, progress or confirmations'
            cand --quiet 'Print only what was asked for: no notes, progress or confirmations'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aiperture;reindex'= {
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Print only what was asked for: no notes, progress or confirmations'
            cand --quiet 'Print only what was asked for: no notes, progress or confirmations'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aiperture;completions'= {
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Print only what was asked for: no notes, progress or confirmations'
            cand --quiet 'Print only what was asked for: no notes, progress or confirmations'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aiperture;serve'= {
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --addr 'Address to listen on, e.g. 127.0.0.1:8100 (port 0 picks a free port)'
            cand --workers 'Worker threads (default: `server.workers`)'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Print only what was asked for: no notes, progress or confirmations'
            cand --quiet 'Print only what was asked for: no notes, progress or confirmations'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aiperture;mcp-serve'= {
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Print only what was asked for: no notes, progress or confirmations'
            cand --quiet 'Print only what was asked for: no notes, progress or confirmations'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aiperture;hook'= {
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Print only what was asked for: no notes, progress or confirmations'
            cand --quiet 'Print only what was asked for: no notes, progress or confirmations'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand --exit-2 'Report a deny by exit status 2 with the reason on standard error, instead of JSON on standard output (holds even where the agent ignores JSON output)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aiperture;setup'= {
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --program 'The program the agent runs (a path, or a name looked up on PATH) [default: the absolute path of this aiperture]'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Print only what was asked for: no notes, progress or confirmations'
            cand --quiet 'Print only what was asked for: no notes, progress or confirmations'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand --global 'Change the user-wide configuration instead of the project''s'
            cand --dry-run 'Show what would change without writing anything'
            cand --remove 'Remove aiperture''s entries instead of adding them'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aiperture;doctor'= {
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Print only what was asked for: no notes, progress or confirmations'
            cand --quiet 'Print only what was asked for: no notes, progress or confirmations'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aiperture;intel'= {
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Print only what was asked for: no notes, progress or confirmations'
            cand --quiet 'Print only what was asked for: no notes, progress or confirmations'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand export 'Write a signed, privacy-preserving export of the learned patterns'
            cand import 'Pool exports from other organisations (or this one)'
            cand show 'Show the pooled signal of every pattern'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'aiperture;intel;export'= {
            cand --epsilon 'Privacy parameter per pattern (default: `intel.epsilon`, 1.0)'
            cand --out 'Write the export to FILE instead of standard output'
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Print only what was asked for: no notes, progress or confirmations'
            cand --quiet 'Print only what was asked for: no notes, progress or confirmations'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aiperture;intel;import'= {
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Print only what was asked for: no notes, progress or confirmations'
            cand --quiet 'Print only what was asked for: no notes, progress or confirmations'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aiperture;intel;show'= {
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Print only what was asked for: no notes, progress or confirmations'
            cand --quiet 'Print only what was asked for: no notes, progress or confirmations'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aiperture;intel;help'= {
            cand export 'Write a signed, privacy-preserving export of the learned patterns'
            cand import 'Pool exports from other organisations (or this one)'
            cand show 'Show the pooled signal of every pattern'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'aiperture;intel;help;export'= {
        }
        &'aiperture;intel;help;import'= {
        }
        &'aiperture;intel;help;show'= {
        }
        &'aiperture;intel;help;help'= {
        }
        &'aiperture;configure'= {
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Print only what was asked for: no notes, progress or confirmations'
            cand --quiet 'Print only what was asked for: no notes, progress or confirmations'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aiperture;help'= {
            cand check 'check'
            cand approve 'approve'
            cand deny 'deny'
            cand explain 'explain'
            cand grant 'grant'
            cand revoke 'revoke'
            cand pending 'pending'
            cand patterns 'patterns'
            cand verify-chain 'verify-chain'
            cand config 'Read and change configuration'
            cand policy 'Lint and trust the project policy'
            cand artifact 'Store, show, list and verify agent outputs, and sum their costs'
            cand audit 'Query and export the journal'
            cand report-execution 'report-execution'
            cand compliance 'compliance'
            cand stats 'stats'
            cand bootstrap 'bootstrap'
            cand init 'init'
            cand where 'where'
            cand reindex 'reindex'
            cand completions 'completions'
            cand serve 'serve'
            cand mcp-serve 'mcp-serve'
            cand hook 'hook'
            cand setup 'setup'
            cand doctor 'doctor'
            cand intel 'Shared intelligence: learn across teams without revealing anyone''s decisions'
            cand configure 'configure'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'aiperture;help;check'= {
        }
        &'aiperture;help;approve'= {
        }
        &'aiperture;help;deny'= {
        }
        &'aiperture;help;explain'= {
        }
        &'aiperture;help;grant'= {
        }
        &'aiperture;help;revoke'= {
        }
        &'aiperture;help;pending'= {
        }
        &'aiperture;help;patterns'= {
        }
        &'aiperture;help;verify-chain'= {
        }
        &'aiperture;help;config'= {
            cand get 'Print one value (with --user: as the user config file sets it)'
            cand set 'Set a value in the store''s config.toml, or with --user in the user config (validated, journaled)'
            cand unset 'Remove a key from the store''s config.toml, or with --user from the user config (journaled); works on a file that does not load, and on keys that do not exist'
            cand list 'Print every key and its value (with --user: only what the user config file sets)'
        }
        &'aiperture;help;config;get'= {
        }
        &'aiperture;help;config;set'= {
        }
        &'aiperture;help;config;unset'= {
        }
        &'aiperture;help;config;list'= {
        }
        &'aiperture;help;policy'= {
            cand check 'Lint policy.toml: syntax, unknown keys, bad globs, shadowed rules, allow-all rules'
            cand trust 'Trust the project''s policy.toml and config.toml as they are now'
            cand suggest 'Propose allow rules from what learning already allows by itself'
        }
        &'aiperture;help;policy;check'= {
        }
        &'aiperture;help;policy;trust'= {
        }
        &'aiperture;help;policy;suggest'= {
        }
        &'aiperture;help;artifact'= {
            cand store 'Store a file (or standard input) as an artifact'
            cand show 'Print an artifact''s metadata, or its content with --raw'
            cand list 'List artifacts'
            cand verify 'Re-hash objects against the journal; report missing, modified and orphaned objects'
            cand costs 'Sum tokens and cost'
        }
        &'aiperture;help;artifact;store'= {
        }
        &'aiperture;help;artifact;show'= {
        }
        &'aiperture;help;artifact;list'= {
        }
        &'aiperture;help;artifact;verify'= {
        }
        &'aiperture;help;artifact;costs'= {
        }
        &'aiperture;help;audit'= {
            cand log 'Show events, newest last (the last --limit that match)'
            cand show 'Show one event by its seq'
            cand export 'Export events as JSON Lines (verifiable with `verify-chain --file`) or CSV'
        }
        &'aiperture;help;audit;log'= {
        }
        &'aiperture;help;audit;show'= {
        }
        &'aiperture;help;audit;export'= {
        }
        &'aiperture;help;report-execution'= {
        }
        &'aiperture;help;compliance'= {
        }
        &'aiperture;help;stats'= {
        }
        &'aiperture;help;bootstrap'= {
        }
        &'aiperture;help;init'= {
        }
        &'aiperture;help;where'= {
        }
        &'aiperture;help;reindex'= {
        }
        &'aiperture;help;completions'= {
        }
        &'aiperture;help;serve'= {
        }
        &'aiperture;help;mcp-serve'= {
        }
        &'aiperture;help;hook'= {
        }
        &'aiperture;help;setup'= {
        }
        &'aiperture;help;doctor'= {
        }
        &'aiperture;help;intel'= {
            cand export 'Write a signed, privacy-preserving export of the learned patterns'
            cand import 'Pool exports from other organisations (or this one)'
            cand show 'Show the pooled signal of every pattern'
        }
        &'aiperture;help;intel;export'= {
        }
        &'aiperture;help;intel;import'= {
        }
        &'aiperture;help;intel;show'= {
        }
        &'aiperture;help;configure'= {
        }
        &'aiperture;help;help'= {
        }
    ]
    $completions[$command]
}
