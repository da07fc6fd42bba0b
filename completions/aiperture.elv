
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
            cand -q 'Hide status messages on standard error'
            cand --quiet 'Hide status messages on standard error'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand check 'Decide allow, deny or ask for one tool call'
            cand approve 'Approve a pending request by its challenge id (human use)'
            cand deny 'Deny a pending request by its challenge id (human use)'
            cand grant 'Let one task do something without asking (human use)'
            cand pending 'List requests waiting for a human decision'
            cand patterns 'Show what aiperture learned from human decisions'
            cand verify-chain 'Verify the journal''s hash chain and HEAD'
            cand config 'Read and change configuration'
            cand policy 'Lint and trust the project policy'
            cand init 'Create a project store (.aiperture/) in a folder'
            cand where 'Print which store is in use and how it was found'
            cand reindex 'Rebuild the derived index from the journal'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'aiperture;check'= {
            cand --session 'Agent session id (rate limit, session memory and risk budget are per session)'
            cand --task 'Task id (task grants)'
            cand --org 'Organisation'
            cand --project 'Project within the organisation'
            cand --content-hash 'Hash of the content a write would produce'
            cand --runtime 'Agent runtime asking (claude-code, codex, …)'
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --stdin 'Read the request as one JSON object from standard input instead'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Hide status messages on standard error'
            cand --quiet 'Hide status messages on standard error'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aiperture;approve'= {
            cand --by 'Who decides (default: $USER)'
            cand --reason 'Why (journaled)'
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand -y 'Do not ask for confirmation (for scripts run by a human)'
            cand --yes 'Do not ask for confirmation (for scripts run by a human)'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Hide status messages on standard error'
            cand --quiet 'Hide status messages on standard error'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aiperture;deny'= {
            cand --by 'Who decides (default: $USER)'
            cand --reason 'Why (journaled)'
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand -y 'Do not ask for confirmation (for scripts run by a human)'
            cand --yes 'Do not ask for confirmation (for scripts run by a human)'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Hide status messages on standard error'
            cand --quiet 'Hide status messages on standard error'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aiperture;grant'= {
            cand --task 'The task the grant is for'
            cand --decision 'What the grant decides'
            cand --ttl 'How long the grant lives: 90s, 15m, 8h, 7d (default: no expiry)'
            cand --org 'Organisation'
            cand --by 'Who grants (default: $USER)'
            cand --reason 'Why (journaled)'
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --list 'List grants instead of making one'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Hide status messages on standard error'
            cand --quiet 'Hide status messages on standard error'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aiperture;pending'= {
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Hide status messages on standard error'
            cand --quiet 'Hide status messages on standard error'
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
            cand -q 'Hide status messages on standard error'
            cand --quiet 'Hide status messages on standard error'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aiperture;verify-chain'= {
            cand --expect-head 'A head recorded elsewhere: a 64-digit hash, or a file holding a HEAD or a hash'
            cand --file 'Verify one JSONL file (a segment or an export) instead of the store''s journal'
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Hide status messages on standard error'
            cand --quiet 'Hide status messages on standard error'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aiperture;config'= {
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Hide status messages on standard error'
            cand --quiet 'Hide status messages on standard error'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand get 'Print one value'
            cand set 'Set a value in the store''s config.toml (validated, journaled)'
            cand list 'Print every key and its value'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'aiperture;config;get'= {
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Hide status messages on standard error'
            cand --quiet 'Hide status messages on standard error'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aiperture;config;set'= {
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Hide status messages on standard error'
            cand --quiet 'Hide status messages on standard error'
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
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Hide status messages on standard error'
            cand --quiet 'Hide status messages on standard error'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aiperture;config;help'= {
            cand get 'Print one value'
            cand set 'Set a value in the store''s config.toml (validated, journaled)'
            cand list 'Print every key and its value'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'aiperture;config;help;get'= {
        }
        &'aiperture;config;help;set'= {
        }
        &'aiperture;config;help;list'= {
        }
        &'aiperture;config;help;help'= {
        }
        &'aiperture;policy'= {
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Hide status messages on standard error'
            cand --quiet 'Hide status messages on standard error'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand check 'Lint policy.toml: syntax, unknown keys, bad globs, shadowed rules'
            cand trust 'Trust the current policy.toml so that its allow rules apply'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'aiperture;policy;check'= {
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Hide status messages on standard error'
            cand --quiet 'Hide status messages on standard error'
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
            cand -q 'Hide status messages on standard error'
            cand --quiet 'Hide status messages on standard error'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aiperture;policy;help'= {
            cand check 'Lint policy.toml: syntax, unknown keys, bad globs, shadowed rules'
            cand trust 'Trust the current policy.toml so that its allow rules apply'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'aiperture;policy;help;check'= {
        }
        &'aiperture;policy;help;trust'= {
        }
        &'aiperture;policy;help;help'= {
        }
        &'aiperture;init'= {
            cand --store 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)'
            cand --config 'Override a configuration value for this command (repeatable)'
            cand --json 'Print machine-readable JSON (a stable object with a `format` field)'
            cand -q 'Hide status messages on standard error'
            cand --quiet 'Hide status messages on standard error'
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
            cand -q 'Hide status messages on standard error'
            cand --quiet 'Hide status messages on standard error'
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
            cand -q 'Hide status messages on standard error'
            cand --quiet 'Hide status messages on standard error'
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
            cand -q 'Hide status messages on standard error'
            cand --quiet 'Hide status messages on standard error'
            cand --no-wait 'Fail at once instead of waiting when another process holds the store lock'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aiperture;help'= {
            cand check 'Decide allow, deny or ask for one tool call'
            cand approve 'Approve a pending request by its challenge id (human use)'
            cand deny 'Deny a pending request by its challenge id (human use)'
            cand grant 'Let one task do something without asking (human use)'
            cand pending 'List requests waiting for a human decision'
            cand patterns 'Show what aiperture learned from human decisions'
            cand verify-chain 'Verify the journal''s hash chain and HEAD'
            cand config 'Read and change configuration'
            cand policy 'Lint and trust the project policy'
            cand init 'Create a project store (.aiperture/) in a folder'
            cand where 'Print which store is in use and how it was found'
            cand reindex 'Rebuild the derived index from the journal'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'aiperture;help;check'= {
        }
        &'aiperture;help;approve'= {
        }
        &'aiperture;help;deny'= {
        }
        &'aiperture;help;grant'= {
        }
        &'aiperture;help;pending'= {
        }
        &'aiperture;help;patterns'= {
        }
        &'aiperture;help;verify-chain'= {
        }
        &'aiperture;help;config'= {
            cand get 'Print one value'
            cand set 'Set a value in the store''s config.toml (validated, journaled)'
            cand list 'Print every key and its value'
        }
        &'aiperture;help;config;get'= {
        }
        &'aiperture;help;config;set'= {
        }
        &'aiperture;help;config;list'= {
        }
        &'aiperture;help;policy'= {
            cand check 'Lint policy.toml: syntax, unknown keys, bad globs, shadowed rules'
            cand trust 'Trust the current policy.toml so that its allow rules apply'
        }
        &'aiperture;help;policy;check'= {
        }
        &'aiperture;help;policy;trust'= {
        }
        &'aiperture;help;init'= {
        }
        &'aiperture;help;where'= {
        }
        &'aiperture;help;reindex'= {
        }
        &'aiperture;help;completions'= {
        }
        &'aiperture;help;help'= {
        }
    ]
    $completions[$command]
}
