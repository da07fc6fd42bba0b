// Generated from `defaults.toml` by the test `the_shipped_table_is_defaults_toml` in
// `config.rs`; regenerate with `AIPERTURE_BLESS=1 cargo test --lib shipped_table`.

/// Every key of the shipped defaults with its value, sorted by key.
#[allow(clippy::unreadable_literal)]
const SHIPPED: &[(&str, Shipped)] = &[
    ("audit.forward_command", Shipped::Str("")),
    ("audit.forward_timeout_ms", Shipped::Int(500)),
    ("challenge.ttl", Shipped::Str("1h")),
    ("decision.default", Shipped::Str("ask")),
    ("hooks.ask_at_risk", Shipped::Str("high")),
    ("hooks.lock_timeout_ms", Shipped::Int(10000)),
    ("hooks.prompt_timeout", Shipped::Str("10m")),
    ("intel.enabled", Shipped::Bool(false)),
    ("intel.epsilon", Shipped::Float(1.0)),
    ("intel.min_orgs", Shipped::Int(5)),
    ("journal.durability", Shipped::Str("fsync")),
    ("journal.segment_max_bytes", Shipped::Int(67108864)),
    ("learning.auto_approve_threshold", Shipped::Float(0.95)),
    ("learning.auto_deny_threshold", Shipped::Float(0.05)),
    ("learning.decay_half_life_days", Shipped::Float(30.0)),
    ("learning.enabled", Shipped::Bool(true)),
    ("learning.min_decisions", Shipped::Int(10)),
    ("learning.pattern_max_age_days", Shipped::Int(90)),
    ("learning.rapid_approval_min_count", Shipped::Int(5)),
    ("learning.rapid_approval_window_seconds", Shipped::Int(60)),
    ("mcp.human_decisions", Shipped::Bool(false)),
    ("risk.rule", Shipped::Strs(&[])),
    ("scope.sensitive_patterns", Shipped::Strs(&["*secret*", "*credential*", "*password*", "*.env", "*.pem", "*.key", "*token*", ".env*", "*id_rsa*", "*private*", "id_dsa*", "id_ecdsa*", "id_ed25519*", "*.ssh/*", ".netrc", ".pgpass", ".npmrc", ".pypirc", "*.p12", "*.pfx", "*.kdbx", "*.tfstate", "*.tfstate.backup", "*.docker/config.json", "*.kube/*", "*.aws/*", "*.config/gcloud/*", "*.azure/*", "*_history", "Cookies", "cookies.sqlite", "*.binarycookies", "Login Data", "logins.json", "key4.db", "*.keychain", "*.keychain-db", "*.tfvars", ".my.cnf", ".htpasswd", ".dockercfg", "*kubeconfig*", ".vault-token", "*.jks", "*.keystore"])),
    ("server.addr", Shipped::Str("127.0.0.1:8100")),
    ("server.admin_key", Shipped::Str("")),
    ("server.api_key", Shipped::Str("")),
    ("server.max_body_bytes", Shipped::Int(1048576)),
    ("server.read_timeout_ms", Shipped::Int(10000)),
    ("server.workers", Shipped::Int(8)),
    ("session.rate_limit_per_minute", Shipped::Int(200)),
    ("session.risk_budget", Shipped::Float(50.0)),
];
