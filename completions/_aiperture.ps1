
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'aiperture' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'aiperture'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'aiperture' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Override a configuration value for this command (repeatable)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (a stable object with a `format` field)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Fail at once instead of waiting when another process holds the store lock')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Decide allow, deny or ask for one tool call')
            [CompletionResult]::new('approve', 'approve', [CompletionResultType]::ParameterValue, 'Approve a pending request by its challenge id (human use)')
            [CompletionResult]::new('deny', 'deny', [CompletionResultType]::ParameterValue, 'Deny a pending request by its challenge id (human use)')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Explain what a tool call would do and how risky it is')
            [CompletionResult]::new('grant', 'grant', [CompletionResultType]::ParameterValue, 'Let one task do something without asking (human use)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Cancel every earlier human decision a pattern covers (human use)')
            [CompletionResult]::new('pending', 'pending', [CompletionResultType]::ParameterValue, 'List requests waiting for a human decision')
            [CompletionResult]::new('patterns', 'patterns', [CompletionResultType]::ParameterValue, 'Show what aiperture learned from human decisions')
            [CompletionResult]::new('verify-chain', 'verify-chain', [CompletionResultType]::ParameterValue, 'Verify the journal''s hash chain and HEAD')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Read and change configuration')
            [CompletionResult]::new('policy', 'policy', [CompletionResultType]::ParameterValue, 'Lint and trust the project policy')
            [CompletionResult]::new('artifact', 'artifact', [CompletionResultType]::ParameterValue, 'Store, show, list and verify agent outputs, and sum their costs')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Query and export the journal')
            [CompletionResult]::new('report-execution', 'report-execution', [CompletionResultType]::ParameterValue, 'Record that a tool ran, for compliance')
            [CompletionResult]::new('compliance', 'compliance', [CompletionResultType]::ParameterValue, 'Check that every reported execution was allowed first')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Summarise checks, decisions and the journal')
            [CompletionResult]::new('bootstrap', 'bootstrap', [CompletionResultType]::ParameterValue, 'Start from a reviewed policy preset (human use)')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create a project store (.aiperture/) in a folder')
            [CompletionResult]::new('where', 'where', [CompletionResultType]::ParameterValue, 'Print which store is in use and how it was found')
            [CompletionResult]::new('reindex', 'reindex', [CompletionResultType]::ParameterValue, 'Rebuild the derived index from the journal')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve the HTTP API for agents and humans')
            [CompletionResult]::new('mcp-serve', 'mcp-serve', [CompletionResultType]::ParameterValue, 'Serve the MCP tools on standard input and output, for agents')
            [CompletionResult]::new('hook', 'hook', [CompletionResultType]::ParameterValue, 'Answer an agent''s hook event (read as JSON from standard input)')
            [CompletionResult]::new('setup', 'setup', [CompletionResultType]::ParameterValue, 'Install aiperture as a hook of a coding agent')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check the setup: store, journal, trust, policy, agent hooks, pending asks')
            [CompletionResult]::new('intel', 'intel', [CompletionResultType]::ParameterValue, 'Shared intelligence: learn across teams without revealing anyone''s decisions')
            [CompletionResult]::new('configure', 'configure', [CompletionResultType]::ParameterValue, 'Set the main tunables by answering a few questions (on a terminal)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'aiperture;check' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Override a configuration value for this command (repeatable)')
            [CompletionResult]::new('--session', '--session', [CompletionResultType]::ParameterName, 'Agent session id (rate limit, session memory and risk budget are per session)')
            [CompletionResult]::new('--task', '--task', [CompletionResultType]::ParameterName, 'Task id (task grants)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Organisation')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project within the organisation')
            [CompletionResult]::new('--content-hash', '--content-hash', [CompletionResultType]::ParameterName, 'Hash of the content a write would produce')
            [CompletionResult]::new('--runtime', '--runtime', [CompletionResultType]::ParameterName, 'Agent runtime asking (claude-code, codex, …)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (a stable object with a `format` field)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Fail at once instead of waiting when another process holds the store lock')
            [CompletionResult]::new('--stdin', '--stdin', [CompletionResultType]::ParameterName, 'Read the request as one JSON object from standard input instead')
            [CompletionResult]::new('--explain', '--explain', [CompletionResultType]::ParameterName, 'Also explain what the command does, part by part (see `aiperture explain`)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'aiperture;approve' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Override a configuration value for this command (repeatable)')
            [CompletionResult]::new('--by', '--by', [CompletionResultType]::ParameterName, 'Who decides (default: $USER)')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why (journaled)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (a stable object with a `format` field)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Fail at once instead of waiting when another process holds the store lock')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (for scripts run by a human)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (for scripts run by a human)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'aiperture;deny' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Override a configuration value for this command (repeatable)')
            [CompletionResult]::new('--by', '--by', [CompletionResultType]::ParameterName, 'Who decides (default: $USER)')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why (journaled)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (a stable object with a `format` field)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Fail at once instead of waiting when another process holds the store lock')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (for scripts run by a human)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (for scripts run by a human)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'aiperture;explain' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Override a configuration value for this command (repeatable)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (a stable object with a `format` field)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Fail at once instead of waiting when another process holds the store lock')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'aiperture;grant' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Override a configuration value for this command (repeatable)')
            [CompletionResult]::new('--task', '--task', [CompletionResultType]::ParameterName, 'The task the grant is for')
            [CompletionResult]::new('--decision', '--decision', [CompletionResultType]::ParameterName, 'What the grant decides')
            [CompletionResult]::new('--ttl', '--ttl', [CompletionResultType]::ParameterName, 'How long the grant lives: 90s, 15m, 8h, 7d (default: it never expires)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Organisation')
            [CompletionResult]::new('--by', '--by', [CompletionResultType]::ParameterName, 'Who grants (default: $USER)')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why (journaled)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (a stable object with a `format` field)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Fail at once instead of waiting when another process holds the store lock')
            [CompletionResult]::new('--deny', '--deny', [CompletionResultType]::ParameterName, 'Shorthand for `--decision deny`')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List grants (expired ones too, with their expiry)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'End a grant before its time (human use)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'aiperture;grant;list' {
            [CompletionResult]::new('--task', '--task', [CompletionResultType]::ParameterName, 'Only this task''s grants')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Override a configuration value for this command (repeatable)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (a stable object with a `format` field)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Fail at once instead of waiting when another process holds the store lock')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'aiperture;grant;revoke' {
            [CompletionResult]::new('--by', '--by', [CompletionResultType]::ParameterName, 'Who revokes (default: $USER)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Override a configuration value for this command (repeatable)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (a stable object with a `format` field)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Fail at once instead of waiting when another process holds the store lock')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'aiperture;grant;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List grants (expired ones too, with their expiry)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'End a grant before its time (human use)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'aiperture;grant;help;list' {
            break
        }
        'aiperture;grant;help;revoke' {
            break
        }
        'aiperture;grant;help;help' {
            break
        }
        'aiperture;revoke' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Override a configuration value for this command (repeatable)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Organisation')
            [CompletionResult]::new('--by', '--by', [CompletionResultType]::ParameterName, 'Who revokes (default: $USER)')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why (journaled)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (a stable object with a `format` field)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Fail at once instead of waiting when another process holds the store lock')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be revoked and change nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when standard input is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'aiperture;pending' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Override a configuration value for this command (repeatable)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (a stable object with a `format` field)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Fail at once instead of waiting when another process holds the store lock')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'aiperture;patterns' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Override a configuration value for this command (repeatable)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (a stable object with a `format` field)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Fail at once instead of waiting when another process holds the store lock')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'aiperture;verify-chain' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Override a configuration value for this command (repeatable)')
            [CompletionResult]::new('--expect-head', '--expect-head', [CompletionResultType]::ParameterName, 'A head recorded elsewhere: SEQ:HASH, a 64-digit hash, or a file holding a HEAD or a hash')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Verify one JSONL file (a segment or an export) instead of the store''s journal')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (a stable object with a `format` field)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Fail at once instead of waiting when another process holds the store lock')
            [CompletionResult]::new('--require-events', '--require-events', [CompletionResultType]::ParameterName, 'Fail (exit 1, finding no_events) when the journal has no events, e.g. is missing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'aiperture;config' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Override a configuration value for this command (repeatable)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (a stable object with a `format` field)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Fail at once instead of waiting when another process holds the store lock')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print one value (with --user: as the user config file sets it)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set a value in the store''s config.toml, or with --user in the user config (validated, journaled)')
            [CompletionResult]::new('unset', 'unset', [CompletionResultType]::ParameterValue, 'Remove a key from the store''s config.toml, or with --user from the user config (journaled); works on a file that does not load, and on keys that do not exist')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Print every key and its value (with --user: only what the user config file sets)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'aiperture;config;get' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Override a configuration value for this command (repeatable)')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Read the user config file ($XDG_CONFIG_HOME/aiperture/config.toml) alone')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (a stable object with a `format` field)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Fail at once instead of waiting when another process holds the store lock')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'aiperture;config;set' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Override a configuration value for this command (repeatable)')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Write the user config file ($XDG_CONFIG_HOME/aiperture/config.toml) instead of the store''s config.toml; it applies to every store and may hold credentials')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (a stable object with a `format` field)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Fail at once instead of waiting when another process holds the store lock')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'aiperture;config;unset' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Override a configuration value for this command (repeatable)')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Edit the user config file ($XDG_CONFIG_HOME/aiperture/config.toml) instead of the store''s config.toml')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (a stable object with a `format` field)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Fail at once instead of waiting when another process holds the store lock')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'aiperture;config;list' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Override a configuration value for this command (repeatable)')
            [CompletionResult]::new('--show-origin', '--show-origin', [CompletionResultType]::ParameterName, 'Show where each value comes from')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'List only what the user config file ($XDG_CONFIG_HOME/aiperture/config.toml) sets')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (a stable object with a `format` field)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Fail at once instead of waiting when another process holds the store lock')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'aiperture;config;help' {
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print one value (with --user: as the user config file sets it)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set a value in the store''s config.toml, or with --user in the user config (validated, journaled)')
            [CompletionResult]::new('unset', 'unset', [CompletionResultType]::ParameterValue, 'Remove a key from the store''s config.toml, or with --user from the user config (journaled); works on a file that does not load, and on keys that do not exist')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Print every key and its value (with --user: only what the user config file sets)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'aiperture;config;help;get' {
            break
        }
        'aiperture;config;help;set' {
            break
        }
        'aiperture;config;help;unset' {
            break
        }
        'aiperture;config;help;list' {
            break
        }
        'aiperture;config;help;help' {
            break
        }
        'aiperture;policy' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Override a configuration value for this command (repeatable)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (a stable object with a `format` field)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Fail at once instead of waiting when another process holds the store lock')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Lint policy.toml: syntax, unknown keys, bad globs, shadowed rules, allow-all rules')
            [CompletionResult]::new('trust', 'trust', [CompletionResultType]::ParameterValue, 'Trust the project''s policy.toml and config.toml as they are now')
            [CompletionResult]::new('suggest', 'suggest', [CompletionResultType]::ParameterValue, 'Propose allow rules from what learning already allows by itself')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'aiperture;policy;check' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Override a configuration value for this command (repeatable)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (a stable object with a `format` field)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Fail at once instead of waiting when another process holds the store lock')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'aiperture;policy;trust' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Override a configuration value for this command (repeatable)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (a stable object with a `format` field)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Fail at once instead of waiting when another process holds the store lock')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'aiperture;policy;suggest' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Override a configuration value for this command (repeatable)')
            [CompletionResult]::new('--write', '--write', [CompletionResultType]::ParameterName, 'Append the suggestions to policy.toml')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (a stable object with a `format` field)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Fail at once instead of waiting when another process holds the store lock')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'aiperture;policy;help' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Lint policy.toml: syntax, unknown keys, bad globs, shadowed rules, allow-all rules')
            [CompletionResult]::new('trust', 'trust', [CompletionResultType]::ParameterValue, 'Trust the project''s policy.toml and config.toml as they are now')
            [CompletionResult]::new('suggest', 'suggest', [CompletionResultType]::ParameterValue, 'Propose allow rules from what learning already allows by itself')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'aiperture;policy;help;check' {
            break
        }
        'aiperture;policy;help;trust' {
            break
        }
        'aiperture;policy;help;suggest' {
            break
        }
        'aiperture;policy;help;help' {
            break
        }
        'aiperture;artifact' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Override a configuration value for this command (repeatable)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (a stable object with a `format` field)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Fail at once instead of waiting when another process holds the store lock')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('store', 'store', [CompletionResultType]::ParameterValue, 'Store a file (or standard input) as an artifact')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print an artifact''s metadata, or its content with --raw')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List artifacts')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Re-hash objects against the journal; report missing, modified and orphaned objects')
            [CompletionResult]::new('costs', 'costs', [CompletionResultType]::ParameterValue, 'Sum tokens and cost')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'aiperture;artifact;store' {
            [CompletionResult]::new('--task', '--task', [CompletionResultType]::ParameterName, 'Task that produced it')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'Kind of output: tool_call, tool_response, llm_response, file, message, custom')
            [CompletionResult]::new('--tool', '--tool', [CompletionResultType]::ParameterName, 'Tool that produced it')
            [CompletionResult]::new('--summary', '--summary', [CompletionResultType]::ParameterName, 'One-line summary')
            [CompletionResult]::new('--session', '--session', [CompletionResultType]::ParameterName, 'Session')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Organisation')
            [CompletionResult]::new('--tokens-in', '--tokens-in', [CompletionResultType]::ParameterName, 'Input tokens')
            [CompletionResult]::new('--tokens-out', '--tokens-out', [CompletionResultType]::ParameterName, 'Output tokens')
            [CompletionResult]::new('--cost', '--cost', [CompletionResultType]::ParameterName, 'Cost in US dollars, e.g. 0.0123 (kept exactly, as micro-dollars)')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'Model used')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Provider used')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Override a configuration value for this command (repeatable)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (a stable object with a `format` field)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Fail at once instead of waiting when another process holds the store lock')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'aiperture;artifact;show' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Override a configuration value for this command (repeatable)')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Print the content itself (verified against its digest first)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (a stable object with a `format` field)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Fail at once instead of waiting when another process holds the store lock')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'aiperture;artifact;list' {
            [CompletionResult]::new('--task', '--task', [CompletionResultType]::ParameterName, 'Only this task''s artifacts')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Override a configuration value for this command (repeatable)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (a stable object with a `format` field)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Fail at once instead of waiting when another process holds the store lock')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'aiperture;artifact;verify' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Override a configuration value for this command (repeatable)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Verify every object the journal names and look for orphaned objects')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (a stable object with a `format` field)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Fail at once instead of waiting when another process holds the store lock')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'aiperture;artifact;costs' {
            [CompletionResult]::new('--by', '--by', [CompletionResultType]::ParameterName, 'Group by')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Override a configuration value for this command (repeatable)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (a stable object with a `format` field)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Fail at once instead of waiting when another process holds the store lock')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'aiperture;artifact;help' {
            [CompletionResult]::new('store', 'store', [CompletionResultType]::ParameterValue, 'Store a file (or standard input) as an artifact')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print an artifact''s metadata, or its content with --raw')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List artifacts')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Re-hash objects against the journal; report missing, modified and orphaned objects')
            [CompletionResult]::new('costs', 'costs', [CompletionResultType]::ParameterValue, 'Sum tokens and cost')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'aiperture;artifact;help;store' {
            break
        }
        'aiperture;artifact;help;show' {
            break
        }
        'aiperture;artifact;help;list' {
            break
        }
        'aiperture;artifact;help;verify' {
            break
        }
        'aiperture;artifact;help;costs' {
            break
        }
        'aiperture;artifact;help;help' {
            break
        }
        'aiperture;audit' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Override a configuration value for this command (repeatable)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (a stable object with a `format` field)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Fail at once instead of waiting when another process holds the store lock')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'Show events, newest last (the last --limit that match)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one event by its seq')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Export events as JSON Lines (verifiable with `verify-chain --file`) or CSV')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'aiperture;audit;log' {
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'Only events of this kind')
            [CompletionResult]::new('--session', '--session', [CompletionResultType]::ParameterName, 'Session of the request')
            [CompletionResult]::new('--tool', '--tool', [CompletionResultType]::ParameterName, 'Tool of the request')
            [CompletionResult]::new('--decision', '--decision', [CompletionResultType]::ParameterName, 'Verdict or human decision')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only events at or after this time (RFC 3339)')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Only events at or before this time (RFC 3339)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many events (the newest); 0 for all')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Override a configuration value for this command (repeatable)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (a stable object with a `format` field)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Fail at once instead of waiting when another process holds the store lock')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'aiperture;audit;show' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Override a configuration value for this command (repeatable)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (a stable object with a `format` field)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Fail at once instead of waiting when another process holds the store lock')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'aiperture;audit;export' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only events at or after this time (RFC 3339)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Override a configuration value for this command (repeatable)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (a stable object with a `format` field)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Fail at once instead of waiting when another process holds the store lock')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'aiperture;audit;help' {
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'Show events, newest last (the last --limit that match)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one event by its seq')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Export events as JSON Lines (verifiable with `verify-chain --file`) or CSV')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'aiperture;audit;help;log' {
            break
        }
        'aiperture;audit;help;show' {
            break
        }
        'aiperture;audit;help;export' {
            break
        }
        'aiperture;audit;help;help' {
            break
        }
        'aiperture;report-execution' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Override a configuration value for this command (repeatable)')
            [CompletionResult]::new('--session', '--session', [CompletionResultType]::ParameterName, 'Session')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Organisation')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project')
            [CompletionResult]::new('--task', '--task', [CompletionResultType]::ParameterName, 'Task')
            [CompletionResult]::new('--content-hash', '--content-hash', [CompletionResultType]::ParameterName, 'Content hash')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Whether the tool succeeded')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (a stable object with a `format` field)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Fail at once instead of waiting when another process holds the store lock')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'aiperture;compliance' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Override a configuration value for this command (repeatable)')
            [CompletionResult]::new('--session', '--session', [CompletionResultType]::ParameterName, 'Only this session')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (a stable object with a `format` field)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Fail at once instead of waiting when another process holds the store lock')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'aiperture;stats' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Override a configuration value for this command (repeatable)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (a stable object with a `format` field)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Fail at once instead of waiting when another process holds the store lock')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'aiperture;bootstrap' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Override a configuration value for this command (repeatable)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (a stable object with a `format` field)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Fail at once instead of waiting when another process holds the store lock')
            [CompletionResult]::new('--show', '--show', [CompletionResultType]::ParameterName, 'Print the preset''s rules and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'aiperture;init' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Override a configuration value for this command (repeatable)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (a stable object with a `format` field)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Fail at once instead of waiting when another process holds the store lock')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'aiperture;where' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Override a configuration value for this command (repeatable)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (a stable object with a `format` field)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Fail at once instead of waiting when another process holds the store lock')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'aiperture;reindex' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Override a configuration value for this command (repeatable)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (a stable object with a `format` field)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Fail at once instead of waiting when another process holds the store lock')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'aiperture;completions' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Override a configuration value for this command (repeatable)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (a stable object with a `format` field)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Fail at once instead of waiting when another process holds the store lock')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'aiperture;serve' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Override a configuration value for this command (repeatable)')
            [CompletionResult]::new('--addr', '--addr', [CompletionResultType]::ParameterName, 'Address to listen on, e.g. 127.0.0.1:8100 (port 0 picks a free port)')
            [CompletionResult]::new('--workers', '--workers', [CompletionResultType]::ParameterName, 'Worker threads (default: `server.workers`)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (a stable object with a `format` field)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Fail at once instead of waiting when another process holds the store lock')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'aiperture;mcp-serve' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Override a configuration value for this command (repeatable)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (a stable object with a `format` field)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Fail at once instead of waiting when another process holds the store lock')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'aiperture;hook' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Override a configuration value for this command (repeatable)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (a stable object with a `format` field)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Fail at once instead of waiting when another process holds the store lock')
            [CompletionResult]::new('--exit-2', '--exit-2', [CompletionResultType]::ParameterName, 'Report a deny by exit status 2 with the reason on standard error, instead of JSON on standard output (holds even where the agent ignores JSON output)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'aiperture;setup' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Override a configuration value for this command (repeatable)')
            [CompletionResult]::new('--program', '--program', [CompletionResultType]::ParameterName, 'The program the agent runs (a path, or a name looked up on PATH) [default: the absolute path of this aiperture]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (a stable object with a `format` field)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Fail at once instead of waiting when another process holds the store lock')
            [CompletionResult]::new('--global', '--global', [CompletionResultType]::ParameterName, 'Change the user-wide configuration instead of the project''s')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change without writing anything')
            [CompletionResult]::new('--remove', '--remove', [CompletionResultType]::ParameterName, 'Remove aiperture''s entries instead of adding them')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'aiperture;doctor' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Override a configuration value for this command (repeatable)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (a stable object with a `format` field)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Fail at once instead of waiting when another process holds the store lock')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'aiperture;intel' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Override a configuration value for this command (repeatable)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (a stable object with a `format` field)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Fail at once instead of waiting when another process holds the store lock')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write a signed, privacy-preserving export of the learned patterns')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Pool exports from other organisations (or this one)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the pooled signal of every pattern')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'aiperture;intel;export' {
            [CompletionResult]::new('--epsilon', '--epsilon', [CompletionResultType]::ParameterName, 'Privacy parameter per pattern (default: `intel.epsilon`, 1.0)')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write the export to FILE instead of standard output')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Override a configuration value for this command (repeatable)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (a stable object with a `format` field)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Fail at once instead of waiting when another process holds the store lock')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'aiperture;intel;import' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Override a configuration value for this command (repeatable)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (a stable object with a `format` field)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Fail at once instead of waiting when another process holds the store lock')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'aiperture;intel;show' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Override a configuration value for this command (repeatable)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (a stable object with a `format` field)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Fail at once instead of waiting when another process holds the store lock')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'aiperture;intel;help' {
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write a signed, privacy-preserving export of the learned patterns')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Pool exports from other organisations (or this one)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the pooled signal of every pattern')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'aiperture;intel;help;export' {
            break
        }
        'aiperture;intel;help;import' {
            break
        }
        'aiperture;intel;help;show' {
            break
        }
        'aiperture;intel;help;help' {
            break
        }
        'aiperture;configure' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store in DIR (a `.aiperture` folder, or a folder containing one)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Override a configuration value for this command (repeatable)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON (a stable object with a `format` field)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no notes, progress or confirmations')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Fail at once instead of waiting when another process holds the store lock')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'aiperture;help' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'check')
            [CompletionResult]::new('approve', 'approve', [CompletionResultType]::ParameterValue, 'approve')
            [CompletionResult]::new('deny', 'deny', [CompletionResultType]::ParameterValue, 'deny')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'explain')
            [CompletionResult]::new('grant', 'grant', [CompletionResultType]::ParameterValue, 'grant')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'revoke')
            [CompletionResult]::new('pending', 'pending', [CompletionResultType]::ParameterValue, 'pending')
            [CompletionResult]::new('patterns', 'patterns', [CompletionResultType]::ParameterValue, 'patterns')
            [CompletionResult]::new('verify-chain', 'verify-chain', [CompletionResultType]::ParameterValue, 'verify-chain')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Read and change configuration')
            [CompletionResult]::new('policy', 'policy', [CompletionResultType]::ParameterValue, 'Lint and trust the project policy')
            [CompletionResult]::new('artifact', 'artifact', [CompletionResultType]::ParameterValue, 'Store, show, list and verify agent outputs, and sum their costs')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Query and export the journal')
            [CompletionResult]::new('report-execution', 'report-execution', [CompletionResultType]::ParameterValue, 'report-execution')
            [CompletionResult]::new('compliance', 'compliance', [CompletionResultType]::ParameterValue, 'compliance')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'stats')
            [CompletionResult]::new('bootstrap', 'bootstrap', [CompletionResultType]::ParameterValue, 'bootstrap')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'init')
            [CompletionResult]::new('where', 'where', [CompletionResultType]::ParameterValue, 'where')
            [CompletionResult]::new('reindex', 'reindex', [CompletionResultType]::ParameterValue, 'reindex')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'completions')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'serve')
            [CompletionResult]::new('mcp-serve', 'mcp-serve', [CompletionResultType]::ParameterValue, 'mcp-serve')
            [CompletionResult]::new('hook', 'hook', [CompletionResultType]::ParameterValue, 'hook')
            [CompletionResult]::new('setup', 'setup', [CompletionResultType]::ParameterValue, 'setup')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'doctor')
            [CompletionResult]::new('intel', 'intel', [CompletionResultType]::ParameterValue, 'Shared intelligence: learn across teams without revealing anyone''s decisions')
            [CompletionResult]::new('configure', 'configure', [CompletionResultType]::ParameterValue, 'configure')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'aiperture;help;check' {
            break
        }
        'aiperture;help;approve' {
            break
        }
        'aiperture;help;deny' {
            break
        }
        'aiperture;help;explain' {
            break
        }
        'aiperture;help;grant' {
            break
        }
        'aiperture;help;revoke' {
            break
        }
        'aiperture;help;pending' {
            break
        }
        'aiperture;help;patterns' {
            break
        }
        'aiperture;help;verify-chain' {
            break
        }
        'aiperture;help;config' {
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print one value (with --user: as the user config file sets it)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set a value in the store''s config.toml, or with --user in the user config (validated, journaled)')
            [CompletionResult]::new('unset', 'unset', [CompletionResultType]::ParameterValue, 'Remove a key from the store''s config.toml, or with --user from the user config (journaled); works on a file that does not load, and on keys that do not exist')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Print every key and its value (with --user: only what the user config file sets)')
            break
        }
        'aiperture;help;config;get' {
            break
        }
        'aiperture;help;config;set' {
            break
        }
        'aiperture;help;config;unset' {
            break
        }
        'aiperture;help;config;list' {
            break
        }
        'aiperture;help;policy' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Lint policy.toml: syntax, unknown keys, bad globs, shadowed rules, allow-all rules')
            [CompletionResult]::new('trust', 'trust', [CompletionResultType]::ParameterValue, 'Trust the project''s policy.toml and config.toml as they are now')
            [CompletionResult]::new('suggest', 'suggest', [CompletionResultType]::ParameterValue, 'Propose allow rules from what learning already allows by itself')
            break
        }
        'aiperture;help;policy;check' {
            break
        }
        'aiperture;help;policy;trust' {
            break
        }
        'aiperture;help;policy;suggest' {
            break
        }
        'aiperture;help;artifact' {
            [CompletionResult]::new('store', 'store', [CompletionResultType]::ParameterValue, 'Store a file (or standard input) as an artifact')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print an artifact''s metadata, or its content with --raw')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List artifacts')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Re-hash objects against the journal; report missing, modified and orphaned objects')
            [CompletionResult]::new('costs', 'costs', [CompletionResultType]::ParameterValue, 'Sum tokens and cost')
            break
        }
        'aiperture;help;artifact;store' {
            break
        }
        'aiperture;help;artifact;show' {
            break
        }
        'aiperture;help;artifact;list' {
            break
        }
        'aiperture;help;artifact;verify' {
            break
        }
        'aiperture;help;artifact;costs' {
            break
        }
        'aiperture;help;audit' {
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'Show events, newest last (the last --limit that match)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one event by its seq')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Export events as JSON Lines (verifiable with `verify-chain --file`) or CSV')
            break
        }
        'aiperture;help;audit;log' {
            break
        }
        'aiperture;help;audit;show' {
            break
        }
        'aiperture;help;audit;export' {
            break
        }
        'aiperture;help;report-execution' {
            break
        }
        'aiperture;help;compliance' {
            break
        }
        'aiperture;help;stats' {
            break
        }
        'aiperture;help;bootstrap' {
            break
        }
        'aiperture;help;init' {
            break
        }
        'aiperture;help;where' {
            break
        }
        'aiperture;help;reindex' {
            break
        }
        'aiperture;help;completions' {
            break
        }
        'aiperture;help;serve' {
            break
        }
        'aiperture;help;mcp-serve' {
            break
        }
        'aiperture;help;hook' {
            break
        }
        'aiperture;help;setup' {
            break
        }
        'aiperture;help;doctor' {
            break
        }
        'aiperture;help;intel' {
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write a signed, privacy-preserving export of the learned patterns')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Pool exports from other organisations (or this one)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the pooled signal of every pattern')
            break
        }
        'aiperture;help;intel;export' {
            break
        }
        'aiperture;help;intel;import' {
            break
        }
        'aiperture;help;intel;show' {
            break
        }
        'aiperture;help;configure' {
            break
        }
        'aiperture;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
