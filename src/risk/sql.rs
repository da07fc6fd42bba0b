//! Classification of database statements: SQL (case-insensitive, several statements per
//! string), MongoDB shell code and Redis commands.
//!
//! Policy: reads are LOW; writes limited by a `WHERE` and schema changes are MEDIUM;
//! `DELETE`/`UPDATE` without `WHERE` or with one that is always true (`WHERE 1=1`, `OR 'a'='a'`),
//! `TRUNCATE`, `DROP TABLE`/`SCHEMA`, role changes, collection drops and bulk key deletes are
//! HIGH; `DROP DATABASE`/`KEYSPACE`, `dropDatabase()` and `FLUSHALL` are CRITICAL.
//!
//! Invariants: pure, no panics, linear in the statement length; comments and quoted strings
//! are skipped so that a keyword inside a literal is data (`SELECT 'DROP TABLE x'` is a read).

// Pedantic style lints that fight the shape of this code: parsers and tables naturally have
// match arms with equal bodies and short local names (`a`, `b`, `c` for bytes and atoms).
#![allow(
    clippy::match_same_arms,
    clippy::many_single_char_names,
    clippy::similar_names,
    clippy::items_after_statements,
    clippy::case_sensitive_file_extension_comparisons
)]

use super::Tier;
use super::factor::Factor;

/// One finding about a statement: tier, factor and a plain-language phrase.
pub(crate) type DbFinding = (Tier, Option<Factor>, String);

/// Splits SQL into statements and each statement into upper-cased words, skipping comments
/// and string literals.
fn statements(sql: &str) -> Vec<Vec<String>> {
    let b: Vec<char> = sql.chars().collect();
    let mut out = Vec::new();
    let mut cur: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut i = 0;
    let flush = |word: &mut String, cur: &mut Vec<String>| {
        if !word.is_empty() {
            cur.push(word.to_ascii_uppercase());
            word.clear();
        }
    };
    while i < b.len() {
        let c = b[i];
        if c == '-' && b.get(i + 1) == Some(&'-') {
            while i < b.len() && b[i] != '\n' {
                i += 1;
            }
            continue;
        }
        if c == '/' && b.get(i + 1) == Some(&'*') {
            i += 2;
            while i < b.len() && !(b[i] == '*' && b.get(i + 1) == Some(&'/')) {
                i += 1;
            }
            i += 2;
            continue;
        }
        if c == '\'' || c == '"' || c == '`' {
            flush(&mut word, &mut cur);
            let start = i;
            i += 1;
            while i < b.len() && b[i] != c {
                i += 1;
            }
            i += 1;
            // One token for the whole literal, quotes included: never a keyword.
            cur.push(b[start..i.min(b.len())].iter().collect());
            continue;
        }
        if c == ';' {
            flush(&mut word, &mut cur);
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            i += 1;
            continue;
        }
        if c.is_alphanumeric() || c == '_' || c == '.' {
            word.push(c);
        } else {
            flush(&mut word, &mut cur);
            if matches!(c, '=' | '(' | ')' | '<' | '>' | '!') {
                cur.push(c.to_string());
            }
        }
        i += 1;
    }
    flush(&mut word, &mut cur);
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Classifies SQL text.
pub(crate) fn classify_sql(sql: &str) -> Vec<DbFinding> {
    let mut out = Vec::new();
    for st in statements(sql) {
        out.push(statement(&st));
    }
    out
}

fn statement(w: &[String]) -> DbFinding {
    let first = w.first().map_or("", String::as_str);
    let has = |k: &str| w.iter().any(|x| x == k);
    let after = |k: &str| {
        w.iter().position(|x| x == k).and_then(|p| w.get(p + 1)).map_or("", |s| s.as_str())
    };
    let name = |skip: &[&str]| {
        w.iter()
            .skip(2)
            .find(|x| !skip.contains(&x.as_str()))
            .map_or(String::new(), |s| s.to_ascii_lowercase())
    };
    match first {
        "SELECT" | "SHOW" | "EXPLAIN" | "DESCRIBE" | "DESC" | "VALUES" | "TABLE" => {
            if first == "EXPLAIN"
                && has("ANALYZE")
                && (has("DELETE") || has("UPDATE") || has("INSERT"))
            {
                return (
                    Tier::Medium,
                    Some(Factor::DatabaseWrite),
                    "runs a write statement under EXPLAIN ANALYZE".to_owned(),
                );
            }
            (Tier::Low, None, "reads from the database".to_owned())
        }
        "PRAGMA" => {
            if has("=") {
                (Tier::Medium, Some(Factor::DatabaseWrite), "changes a database setting".to_owned())
            } else {
                (Tier::Low, None, "reads database metadata".to_owned())
            }
        }
        "WITH" => {
            if has("DELETE") || has("UPDATE") || has("INSERT") {
                (Tier::Medium, Some(Factor::DatabaseWrite), "writes to the database".to_owned())
            } else {
                (Tier::Low, None, "reads from the database".to_owned())
            }
        }
        "DROP" => {
            let object = w.get(1).map_or("", String::as_str);
            let target = name(&["IF", "EXISTS"]);
            match object {
                "DATABASE" | "KEYSPACE" => (
                    Tier::Critical,
                    Some(Factor::DatabaseDestruction),
                    format!("drops the whole database {target}"),
                ),
                "SCHEMA" => (
                    Tier::High,
                    Some(Factor::DatabaseDestruction),
                    format!("drops the schema {target} and its tables"),
                ),
                "TABLE" | "COLLECTION" | "MEASUREMENT" | "SERIES" => (
                    Tier::High,
                    Some(Factor::DatabaseDestruction),
                    format!("drops the table {target} and its data"),
                ),
                "USER" | "ROLE" | "OWNED" => (
                    Tier::High,
                    Some(Factor::DatabasePrivilege),
                    format!("drops the database role {target}"),
                ),
                _ => (
                    Tier::Medium,
                    Some(Factor::DatabaseWrite),
                    format!("drops a database {}", object.to_ascii_lowercase()),
                ),
            }
        }
        "TRUNCATE" => {
            let target = name(&["TABLE", "ONLY"]);
            let target = if target.is_empty() {
                w.get(1).map_or(String::new(), |s| s.to_ascii_lowercase())
            } else {
                target
            };
            (Tier::High, Some(Factor::DatabaseDestruction), format!("empties the table {target}"))
        }
        "DELETE" => {
            let table = after("FROM").to_ascii_lowercase();
            if always_true_where(w) {
                (
                    Tier::High,
                    Some(Factor::DatabaseDestruction),
                    format!("deletes every row of {table} (its WHERE clause is always true)"),
                )
            } else if has("WHERE") {
                (
                    Tier::Medium,
                    Some(Factor::DatabaseWrite),
                    format!("deletes matching rows from {table}"),
                )
            } else {
                (
                    Tier::High,
                    Some(Factor::DatabaseDestruction),
                    format!("deletes every row of {table}"),
                )
            }
        }
        "UPDATE" => {
            let table = w.get(1).map_or(String::new(), |s| s.to_ascii_lowercase());
            if always_true_where(w) {
                (
                    Tier::High,
                    Some(Factor::DatabaseDestruction),
                    format!("updates every row of {table} (its WHERE clause is always true)"),
                )
            } else if has("WHERE") {
                (
                    Tier::Medium,
                    Some(Factor::DatabaseWrite),
                    format!("updates matching rows of {table}"),
                )
            } else {
                (
                    Tier::High,
                    Some(Factor::DatabaseDestruction),
                    format!("updates every row of {table}"),
                )
            }
        }
        "ALTER" => {
            if (has("DELETE") || has("UPDATE")) && always_true_where(w) {
                (
                    Tier::High,
                    Some(Factor::DatabaseDestruction),
                    "deletes or rewrites every row of a table (its WHERE clause is always true)"
                        .to_owned(),
                )
            } else if (has("DROP") || has("TRUNCATE")) && w.get(1).is_some_and(|o| o == "TABLE") {
                (
                    Tier::High,
                    Some(Factor::DatabaseDestruction),
                    "drops a column or constraint".to_owned(),
                )
            } else if w.get(1).is_some_and(|o| o == "USER" || o == "ROLE") {
                (Tier::High, Some(Factor::DatabasePrivilege), "changes a database role".to_owned())
            } else {
                (
                    Tier::Medium,
                    Some(Factor::DatabaseWrite),
                    "changes the database schema".to_owned(),
                )
            }
        }
        "INSERT" if w.get(1).is_some_and(|o| o == "OVERWRITE") => (
            Tier::High,
            Some(Factor::DatabaseDestruction),
            "overwrites every row of a table".to_owned(),
        ),
        "DO" => {
            let destroys = w.iter().any(|x| {
                let x = x.to_ascii_uppercase();
                ["DROP", "TRUNCATE", "DELETE"]
                    .iter()
                    .any(|k| x == *k || (x.starts_with(['\'', '"']) && x.contains(k)))
            });
            if destroys {
                (
                    Tier::High,
                    Some(Factor::DatabaseDestruction),
                    "runs a procedural block that drops, empties or deletes".to_owned(),
                )
            } else {
                (Tier::Medium, Some(Factor::DatabaseWrite), "runs a procedural block".to_owned())
            }
        }
        "GRANT" | "REVOKE" => {
            (Tier::High, Some(Factor::DatabasePrivilege), "changes database privileges".to_owned())
        }
        "CREATE" => {
            if w.get(1).is_some_and(|o| o == "OR")
                && w.get(2).is_some_and(|o| o == "REPLACE")
                && w.iter().skip(3).take(3).any(|o| o == "TABLE")
            {
                (
                    Tier::High,
                    Some(Factor::DatabaseDestruction),
                    "replaces a table, discarding its rows".to_owned(),
                )
            } else if w.get(1).is_some_and(|o| o == "USER" || o == "ROLE") {
                (Tier::High, Some(Factor::DatabasePrivilege), "creates a database role".to_owned())
            } else {
                (Tier::Medium, Some(Factor::DatabaseWrite), "creates a database object".to_owned())
            }
        }
        "" => (Tier::Low, None, "runs an empty statement".to_owned()),
        "BEGIN" | "COMMIT" | "ROLLBACK" | "START" | "END" | "USE" | "SET" | "\\D" | "\\DT"
        | "\\L" => (Tier::Low, None, "controls the session".to_owned()),
        _ => (Tier::Medium, Some(Factor::DatabaseWrite), "runs a database statement".to_owned()),
    }
}

/// Whether the statement's `WHERE` clause holds for every row (`WHERE 1=1`, `WHERE true`,
/// `WHERE 'a'='a'`, `WHERE id = 5 OR 1=1`, `WHERE 1`, `WHERE NOT false`, `WHERE 2 > 1`). Only
/// literal comparisons and an identifier compared with itself count: anything else is a real
/// filter.
fn always_true_where(w: &[String]) -> bool {
    let Some(p) = w.iter().position(|x| x == "WHERE") else { return false };
    let rest = &w[p + 1..];
    let end = rest
        .iter()
        .position(|x| {
            matches!(x.as_str(), "RETURNING" | "ORDER" | "LIMIT" | "GROUP" | "SETTINGS" | "OPTION")
        })
        .unwrap_or(rest.len());
    let mut at = 0;
    let truth = condition(&rest[..end], &mut at, 0);
    truth == Some(true) && at == end
}

/// The deepest nesting of parentheses and `NOT`s [`condition`] follows.
const MAX_CONDITION_DEPTH: usize = 32;

/// Evaluates `OR`-joined terms from `at`: `Some(b)` when the value is `b` for every row,
/// `None` when it depends on the row.
fn condition(t: &[String], at: &mut usize, depth: usize) -> Option<bool> {
    let mut any = conjunction(t, at, depth);
    while t.get(*at).is_some_and(|x| x == "OR") {
        *at += 1;
        let next = conjunction(t, at, depth);
        any = match (any, next) {
            (Some(true), _) | (_, Some(true)) => Some(true),
            (Some(false), Some(false)) => Some(false),
            _ => None,
        };
    }
    any
}

fn conjunction(t: &[String], at: &mut usize, depth: usize) -> Option<bool> {
    let mut all = negation(t, at, depth);
    while t.get(*at).is_some_and(|x| x == "AND") {
        *at += 1;
        let next = negation(t, at, depth);
        all = match (all, next) {
            (Some(false), _) | (_, Some(false)) => Some(false),
            (Some(true), Some(true)) => Some(true),
            _ => None,
        };
    }
    all
}

fn negation(t: &[String], at: &mut usize, depth: usize) -> Option<bool> {
    if depth > MAX_CONDITION_DEPTH {
        *at = t.len() + 1;
        return None;
    }
    match t.get(*at).map(String::as_str) {
        Some("NOT") => {
            *at += 1;
            negation(t, at, depth + 1).map(|b| !b)
        }
        Some("(") => {
            *at += 1;
            let v = condition(t, at, depth + 1);
            if t.get(*at).is_some_and(|x| x == ")") {
                *at += 1;
                v
            } else {
                *at = t.len() + 1;
                None
            }
        }
        Some("EXISTS")
            if t.get(*at + 1..*at + 5).is_some_and(|x| {
                x[0] == "(" && x[1] == "SELECT" && x[2].parse::<f64>().is_ok() && x[3] == ")"
            }) =>
        {
            // `EXISTS (SELECT 1)` holds for every row.
            *at += 5;
            Some(true)
        }
        _ => comparison(t, at),
    }
}

/// One comparison or bare value, up to the next `AND`, `OR` or `)`.
fn comparison(t: &[String], at: &mut usize) -> Option<bool> {
    let start = *at;
    while t.get(*at).is_some_and(|x| !matches!(x.as_str(), "AND" | "OR" | ")" | "(")) {
        *at += 1;
    }
    let terms = &t[start..*at];
    let number = |x: &str| x.parse::<f64>().ok();
    let literal = |x: &str| x.starts_with('\'') || number(x).is_some();
    match terms {
        [v] => match v.as_str() {
            "TRUE" => Some(true),
            "FALSE" | "NULL" => Some(false),
            x => number(x).map(|n| n != 0.0),
        },
        [col, is, not, null] if is == "IS" && not == "NOT" && null == "NULL" => {
            // A primary key named `id` is never NULL.
            (col == "ID" || col.ends_with(".ID")).then_some(true)
        }
        [a, op @ .., b] if !op.is_empty() && op.len() <= 2 => {
            let op: String = op.concat();
            if op == "LIKE" && (b == "'%'" || b == "\"%\"") {
                return Some(true);
            }
            if op == "=" && a == b && !a.starts_with('\'') && number(a).is_none() {
                // A column compared with itself: true wherever it is not NULL.
                return Some(true);
            }
            if !(literal(a) && literal(b)) {
                return None;
            }
            let ord = match (number(a), number(b)) {
                (Some(x), Some(y)) => x.partial_cmp(&y)?,
                _ => a.cmp(b),
            };
            use std::cmp::Ordering::{Equal, Greater, Less};
            match op.as_str() {
                "=" => Some(ord == Equal),
                "!=" | "<>" => Some(ord != Equal),
                ">" => Some(ord == Greater),
                "<" => Some(ord == Less),
                ">=" => Some(ord != Less),
                "<=" => Some(ord != Greater),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Classifies MongoDB shell code (`mongosh --eval`).
pub(crate) fn classify_mongo(js: &str) -> Vec<DbFinding> {
    let lower: String =
        js.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
    let mut out = Vec::new();
    if lower.contains("dropdatabase(") {
        out.push((
            Tier::Critical,
            Some(Factor::DatabaseDestruction),
            "drops the whole database".to_owned(),
        ));
    }
    if lower.contains("dropdatabase:") {
        out.push((
            Tier::Critical,
            Some(Factor::DatabaseDestruction),
            "drops the whole database".to_owned(),
        ));
    }
    if lower.contains(".drop(") || lower.contains("runcommand({drop:") {
        out.push((
            Tier::High,
            Some(Factor::DatabaseDestruction),
            "drops a collection and its data".to_owned(),
        ));
    }
    for empty in ["deletemany({})", "remove({})", "deletemany()", "updatemany({},"] {
        if lower.contains(empty) {
            out.push((
                Tier::High,
                Some(Factor::DatabaseDestruction),
                "changes every document of a collection".to_owned(),
            ));
        }
    }
    // Filters every document matches: `{_id: {$exists: true}}` and kin.
    let every = |f: &str| {
        ["{}", "{_id:{$exists:true}}", "{_id:{$ne:null}}", "{$expr:true}", "{$where:'true'}"]
            .iter()
            .any(|e| f.strip_prefix(e).is_some_and(|r| r.starts_with([')', ',', '}'])))
    };
    if out.is_empty()
        && ["deletemany(", "remove(", "updatemany(", "deletemany:{filter:"]
            .iter()
            .any(|call| lower.match_indices(call).any(|(at, _)| every(&lower[at + call.len()..])))
    {
        out.push((
            Tier::High,
            Some(Factor::DatabaseDestruction),
            "changes every document of a collection (its filter matches everything)".to_owned(),
        ));
    }
    for w in [
        "deletemany(",
        "deleteone(",
        "remove(",
        "insert",
        "update",
        "replaceone(",
        "createcollection(",
        "createindex(",
    ] {
        if lower.contains(w) && out.is_empty() {
            out.push((
                Tier::Medium,
                Some(Factor::DatabaseWrite),
                "writes to the database".to_owned(),
            ));
        }
    }
    if lower.contains("createuser(") || lower.contains("grantroles") {
        out.push((
            Tier::High,
            Some(Factor::DatabasePrivilege),
            "changes database users or roles".to_owned(),
        ));
    }
    if out.is_empty() {
        out.push((Tier::Low, None, "reads from the database".to_owned()));
    }
    out
}

/// This many keys or more in one `DEL` is a bulk deletion.
const MANY_KEYS: usize = 10;

/// Classifies a Redis command given as arguments (`redis-cli FLUSHALL`).
pub(crate) fn classify_redis(args: &[&str]) -> Vec<DbFinding> {
    let Some(cmd) = args.first() else {
        return vec![(Tier::Low, None, "opens a Redis shell".to_owned())];
    };
    let cmd = cmd.to_ascii_uppercase();
    let f = match cmd.as_str() {
        "FLUSHALL" => (
            Tier::Critical,
            Some(Factor::DatabaseDestruction),
            "deletes every key of every Redis database".to_owned(),
        ),
        "FLUSHDB" => (
            Tier::High,
            Some(Factor::DatabaseDestruction),
            "deletes every key of the Redis database".to_owned(),
        ),
        "SHUTDOWN" | "DEBUG" | "SLAVEOF" | "REPLICAOF" | "MIGRATE" => (
            Tier::High,
            Some(Factor::DatabaseDestruction),
            format!("runs the Redis admin command {cmd}"),
        ),
        "DEL" | "UNLINK" if args.len() > MANY_KEYS => (
            Tier::High,
            Some(Factor::DatabaseDestruction),
            format!("deletes {} Redis keys at once", args.len() - 1),
        ),
        "EVAL" | "EVAL_RO" | "EVALSHA" | "FCALL" | "SCRIPT" | "FUNCTION" => {
            let script = args.get(1).map_or(String::new(), |s| s.to_ascii_lowercase());
            let has = |k: &str| script.contains(k);
            if has("flushall") {
                (
                    Tier::Critical,
                    Some(Factor::DatabaseDestruction),
                    "runs a Lua script that deletes every key of every Redis database".to_owned(),
                )
            } else if has("flushdb")
                || ((has("'del'") || has("\"del\"") || has("unlink"))
                    && (has("keys") || has("scan")))
            {
                (
                    Tier::High,
                    Some(Factor::DatabaseDestruction),
                    "runs a Lua script that deletes Redis keys in bulk".to_owned(),
                )
            } else {
                (
                    Tier::Medium,
                    Some(Factor::DatabaseWrite),
                    format!("runs the Redis scripting command {cmd}"),
                )
            }
        }
        "CONFIG" if args.get(1).is_some_and(|s| s.eq_ignore_ascii_case("set")) => (
            Tier::High,
            Some(Factor::DatabasePrivilege),
            "changes the Redis configuration".to_owned(),
        ),
        "GET" | "MGET" | "KEYS" | "SCAN" | "DBSIZE" | "INFO" | "PING" | "TTL" | "PTTL" | "TYPE"
        | "EXISTS" | "HGET" | "HGETALL" | "LRANGE" | "SMEMBERS" | "ZRANGE" | "LLEN" | "SCARD"
        | "STRLEN" | "MONITOR" | "CLIENT" | "SLOWLOG" | "MEMORY" | "CONFIG" | "HKEYS"
        | "XRANGE" | "XLEN" | "--SCAN" | "--BIGKEYS" | "--STAT" | "--LATENCY" => {
            (Tier::Low, None, "reads from Redis".to_owned())
        }
        _ => (Tier::Medium, Some(Factor::DatabaseWrite), format!("runs the Redis command {cmd}")),
    };
    vec![f]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tier(sql: &str) -> Tier {
        classify_sql(sql).into_iter().map(|f| f.0).max().unwrap_or(Tier::Low)
    }

    #[test]
    fn sql_tiers() {
        assert_eq!(tier("DROP DATABASE IF EXISTS billing"), Tier::Critical);
        assert_eq!(tier("drop database inventory"), Tier::Critical);
        assert_eq!(tier("Drop Database inventory"), Tier::Critical);
        assert_eq!(tier("DROP SCHEMA staging CASCADE"), Tier::High);
        assert_eq!(tier("DROP TABLE IF EXISTS sessions"), Tier::High);
        assert_eq!(tier("TRUNCATE TABLE carts"), Tier::High);
        assert_eq!(tier("DELETE FROM audit_log"), Tier::High);
        assert_eq!(
            tier("DELETE FROM a WHERE created_at < now() - interval '7 days'"),
            Tier::Medium
        );
        assert_eq!(tier("UPDATE flags SET enabled = 1 WHERE name = 'beta'"), Tier::Medium);
        assert_eq!(tier("select version()"), Tier::Low);
        assert_eq!(tier("SELECT 'DROP TABLE x'"), Tier::Low);
        assert_eq!(tier("PRAGMA table_info(users)"), Tier::Low);
        assert_eq!(tier("SELECT 1; DROP TABLE t"), Tier::High);
        assert_eq!(tier("-- DROP DATABASE x\nSELECT 1"), Tier::Low);
    }

    #[test]
    fn always_true_filters_are_no_filter() {
        for sql in [
            "DELETE FROM users WHERE 1=1",
            "delete from users where true",
            "DELETE FROM t WHERE 'a'='a'",
            "DELETE FROM t WHERE id = 5 OR 1=1",
            "DELETE FROM t WHERE 1",
            "DELETE FROM t WHERE NOT false",
            "DELETE FROM t WHERE 2 > 1",
            "DELETE FROM t WHERE 1 <> 2",
            "DELETE FROM t WHERE (1=1)",
            "DELETE FROM t WHERE id = id",
            "DELETE FROM t WHERE id IS NOT NULL",
            "DELETE FROM t WHERE EXISTS (SELECT 1)",
            "DELETE FROM t WHERE t.id IS NOT NULL OR x = 1",
            "DELETE FROM t WHERE 0=0 LIMIT 10",
            "UPDATE t SET a = 1 WHERE name LIKE '%'",
            "UPDATE t SET a = 1 WHERE 1=1 -- all",
            "ALTER TABLE hits DELETE WHERE 1",
            "DROP KEYSPACE app",
            "DO $$ BEGIN EXECUTE 'TRUNCATE ' || 'users'; END $$",
            "CREATE OR REPLACE TABLE ds.t AS SELECT * FROM ds.t WHERE false",
            "INSERT OVERWRITE TABLE events SELECT * FROM events WHERE 1=0",
            "ALTER TABLE hits TRUNCATE PARTITION 2020",
        ] {
            assert!(tier(sql) >= Tier::High, "{sql}");
        }
        for sql in [
            "DELETE FROM t WHERE id = 5",
            "DELETE FROM t WHERE 1=2",
            "DELETE FROM t WHERE 'a'='b'",
            "DELETE FROM t WHERE id = 1 AND 1=1",
            "DELETE FROM t WHERE (a = 1 OR 1=1) AND b = 2",
            "DELETE FROM t WHERE deleted_at IS NOT NULL",
            "DELETE FROM t WHERE id IN (SELECT id FROM u WHERE 1=1)",
            "DELETE FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.id = t.id)",
            "ALTER TABLE hits DELETE WHERE d < '2020-01-01'",
            "SELECT * FROM t WHERE 1=1",
            "DO $$ BEGIN RAISE NOTICE 'hi'; END $$",
            "CREATE OR REPLACE VIEW v AS SELECT 1",
            "INSERT INTO t VALUES (1)",
        ] {
            assert!(tier(sql) <= Tier::Medium, "{sql}");
        }
        let deep = format!("DELETE FROM t WHERE {}1=1{}", "(".repeat(500), ")".repeat(500));
        assert_eq!(tier(&deep), Tier::Medium);
    }

    #[test]
    fn mongo_and_redis() {
        let t = |js: &str| classify_mongo(js).into_iter().map(|f| f.0).max();
        assert_eq!(t("db.payments.drop()"), Some(Tier::High));
        assert_eq!(t("db.dropDatabase()"), Some(Tier::Critical));
        assert_eq!(t("db.users.find({})"), Some(Tier::Low));
        let r = |a: &[&str]| classify_redis(a).into_iter().map(|f| f.0).max();
        assert_eq!(r(&["DBSIZE"]), Some(Tier::Low));
        assert_eq!(r(&["flushall"]), Some(Tier::Critical));
        assert_eq!(r(&["DEL", "a", "b"]), Some(Tier::Medium));
        let many: Vec<&str> = std::iter::once("DEL").chain(["k"; 12]).collect();
        assert_eq!(r(&many), Some(Tier::High));
        assert_eq!(r(&["EVAL", "return redis.call('FLUSHALL')", "0"]), Some(Tier::Critical));
        assert_eq!(r(&["EVAL", "return redis.call('GET', KEYS[1])", "1", "k"]), Some(Tier::Medium));
        assert_eq!(t("db.x.deleteMany({ _id: { $exists: true } })"), Some(Tier::High));
        assert_eq!(t("db.x.deleteMany({ state: 'old' })"), Some(Tier::Medium));
        assert_eq!(t("db.runCommand({ dropDatabase: 1 })"), Some(Tier::Critical));
        assert_eq!(t("db.x.remove({}, {justOne: false})"), Some(Tier::High));
        assert_eq!(t("db.x.bulkWrite([{deleteMany: {filter: {}}}])"), Some(Tier::High));
    }
}
