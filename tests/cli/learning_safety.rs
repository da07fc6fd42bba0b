//! Learning never widens across a change of effect: for each row, benign forms are approved
//! through the real approve flow, spaced beyond the rubber-stamp window, often enough for
//! their normalized pattern to decide (2 × `min_decisions`); then the benign forms allow by
//! themselves and every dangerous variant still asks or is denied.

use crate::common::{TestEnv, at};

/// Approvals per row: twice the default `min_decisions` (10), so normalized patterns qualify.
const N: usize = 20;

/// One row of the table: benign forms (approved in turn `N` times), a benign form checked
/// afterwards (it must be allowed), and the variants that must not be.
struct Row {
    benign: &'static [&'static str],
    after: &'static str,
    dangerous: &'static [&'static str],
}

/// Approve the benign forms of `rows` (interleaved, two minutes apart) `N` times each row.
fn teach(t: &mut TestEnv, rows: &[Row]) {
    for i in 0..N {
        for r in rows {
            let scope = r.benign[i % r.benign.len()];
            let v = t.check_json("shell", "execute", scope, &[]);
            if v["decision"] == "allow" {
                continue;
            }
            t.run(&["approve", &TestEnv::challenge(&v), "--yes"]).code(0);
            t.use_approval("shell", "execute", scope, &[]);
            t.now = at(&t.now, 120);
        }
    }
}

/// Teach `rows`, then check both ways: benign allowed, dangerous not.
fn table(rows: &[Row]) -> TestEnv {
    let mut t = TestEnv::with_project();
    teach(&mut t, rows);
    let mut failures = Vec::new();
    for r in rows {
        let v = t.check_json("shell", "execute", r.after, &[]);
        if v["decision"] != "allow" {
            failures.push(format!("benign `{}` was not allowed: {v}", r.after));
        }
        for d in r.dangerous {
            let v = t.check_json("shell", "execute", d, &[]);
            if v["decision"] == "allow" {
                failures.push(format!("dangerous `{d}` was allowed: {v}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    t
}

#[test]
fn reads_never_widen_into_secrets_or_substitutions() {
    table(&[Row {
        benign: &["cat src/f1.rs", "cat src/f2.rs", "cat src/f3.rs", "cat README.md"],
        after: "cat src/f9.rs",
        dangerous: &[
            "cat < ~/.ssh/id_rsa",
            "cat <(cat /etc/shadow)",
            "cat < .aiperture/secret",
            "cat ./../../etc/shadow",
            "cat ~/.ssh/id_ed25519",
            "cat <<< ~/.ssh/id_rsa",
            "cat < /etc/passwd",
            "cat ~/.netrc",
            "cat ~/.kube/config",
            "cat infra/prod.tfstate",
            "cat ~/.zsh_history",
            "cat ~/.docker/config.json",
            "cat .my.cnf",
            "cat .htpasswd",
            "cat terraform.tfvars",
            "cat prod.auto.tfvars",
            "cat kubeconfig",
            "cat .dockercfg",
            "cat .git-credentials",
            "cat keystore.jks",
        ],
    }]);
}

#[test]
fn git_options_that_run_code_or_write_do_not_ride_along() {
    table(&[
        Row {
            benign: &["git grep -n foo", "git grep bar src", "git grep -i baz"],
            after: "git grep -n qux",
            dangerous: &[
                "git grep -O'sh -c id' foo",
                "git grep --open-files-in-pager='sh -c id' foo",
            ],
        },
        Row {
            benign: &["git fetch", "git fetch origin", "git fetch --prune"],
            after: "git fetch --all",
            dangerous: &["git fetch --upload-pack='sh -c id' origin", "git fetch -u'sh -c id'"],
        },
        Row {
            benign: &["git log --oneline -5", "git log -3", "git log --stat"],
            after: "git log --oneline -20",
            dangerous: &[
                "git log --output=~/.bashrc",
                "git -c core.pager='sh -c id' log",
                "git -c alias.log='!sh -c id' log",
                "git --exec-path=/tmp/x log",
                "GIT_PAGER='sh -c id' git log",
            ],
        },
        Row {
            benign: &["git diff", "git diff --stat", "git diff HEAD~1"],
            after: "git diff --cached",
            dangerous: &["git diff --output=/tmp/x"],
        },
    ]);
}

#[test]
fn git_destructive_subcommands_are_never_widened() {
    table(&[
        Row {
            benign: &["git branch", "git branch -a", "git branch --list"],
            after: "git branch -v",
            dangerous: &["git branch -D main", "git branch -d main", "git branch -m main x"],
        },
        Row {
            benign: &["git stash list", "git stash list -n 3"],
            after: "git stash list --stat",
            dangerous: &["git stash drop", "git stash clear", "git stash pop"],
        },
        Row {
            benign: &["git remote show origin", "git remote show upstream"],
            after: "git remote show fork",
            dangerous: &[
                "git remote set-url origin https://example.com/x.git",
                "git remote add evil https://example.com/x.git",
                "git remote remove origin",
            ],
        },
        Row {
            benign: &["git submodule status", "git submodule status --cached"],
            after: "git submodule status --recursive",
            dangerous: &["git submodule foreach 'sh -c id'"],
        },
        Row {
            benign: &["git config --get user.name", "git config --list"],
            after: "git config --get user.name",
            dangerous: &["git config --global core.pager 'sh -c id'"],
        },
    ]);
}

#[test]
fn go_and_cargo_options_that_run_code_do_not_ride_along() {
    table(&[
        Row {
            benign: &["go test ./...", "go test ./pkg/...", "go test -run TestA ./..."],
            after: "go test -v ./...",
            dangerous: &["go test -exec 'sh -c id' ./...", "go test -toolexec=/tmp/x ./..."],
        },
        Row {
            benign: &["go vet ./...", "go vet ./pkg/..."],
            after: "go vet ./cmd/...",
            dangerous: &["go vet -vettool=/tmp/x ./..."],
        },
        Row {
            benign: &["go env", "go env GOPATH", "go env GOOS"],
            after: "go env GOARCH",
            dangerous: &["go env -w GOPROXY=https://example.com", "go env -u GOPROXY"],
        },
        Row {
            benign: &["cargo build", "cargo build --release"],
            after: "cargo build -p x",
            dangerous: &["cargo --config 'target.x.runner=\"sh\"' build", "cargo run"],
        },
        Row {
            benign: &["cargo add serde"],
            after: "cargo add serde",
            dangerous: &["cargo add evil-crate", "cargo add serde --git https://example.com/x"],
        },
    ]);
}

#[test]
fn package_runners_and_installs_learn_only_their_exact_scope() {
    table(&[
        Row {
            benign: &["npm test", "npm test -- --watch=false", "npm test -- a.test.js"],
            after: "npm test -- b.test.js",
            dangerous: &[
                "npm test --script-shell=/tmp/x",
                "npm test --node-options='--require /tmp/x.js'",
            ],
        },
        Row {
            benign: &["npx prettier --check ."],
            after: "npx prettier --check .",
            dangerous: &["npx -y cowsay", "npx cowsay", "npx sh -c 'cat ~/.ssh/id_rsa'"],
        },
        Row {
            benign: &["pipx list", "pipx list --short"],
            after: "pipx list --include-injected",
            dangerous: &["pipx run cowsay", "pipx install evilpkg"],
        },
        Row {
            benign: &["pipx install black"],
            after: "pipx install black",
            dangerous: &["pipx install evilpkg"],
        },
        Row {
            benign: &["bundle exec rspec"],
            after: "bundle exec rspec",
            dangerous: &[
                "bundle exec sh -c 'id'",
                "bundle exec rake deploy",
                "bundle exec sh -c 'cat ~/.ssh/id_rsa'",
            ],
        },
        Row {
            benign: &["uv run pytest"],
            after: "uv run pytest",
            dangerous: &["uv run bash -c 'id'", "uvx cowsay"],
        },
        Row {
            benign: &["poetry run pytest"],
            after: "poetry run pytest",
            dangerous: &["poetry run sh -c 'id'"],
        },
        Row {
            benign: &["conda run pytest"],
            after: "conda run pytest",
            dangerous: &["conda run sh -c 'id'"],
        },
        Row {
            benign: &["direnv status"],
            after: "direnv status",
            dangerous: &["direnv allow", "direnv exec . sh -c 'id'"],
        },
    ]);
}

#[test]
fn text_tools_that_run_code_or_write_do_not_ride_along() {
    let t = table(&[
        Row {
            benign: &["sed -n 1p README.md", "sed -n 2p README.md", "sed 's/a/b/' README.md"],
            after: "sed -n 3p README.md",
            dangerous: &[
                "sed 's/x/y/w ~/.bashrc' README.md",
                "sed 's/x/y/w out.txt' README.md",
                "sed -i s/a/b/ README.md",
                "sed 'r ~/.ssh/id_rsa' README.md",
                "sed -f /tmp/x.sed README.md",
            ],
        },
        Row {
            benign: &["awk '{print $1}' a.txt", "awk -F: '{print $2}' b.txt"],
            after: "awk '{print $3}' c.txt",
            dangerous: &[
                "awk 'BEGIN{system(\"id\")}'",
                "awk '{print > \"/tmp/x\"}' a.txt",
                "awk -f /tmp/x.awk a.txt",
            ],
        },
        Row {
            benign: &["find . -name '*.rs'", "find src -type f"],
            after: "find . -name '*.toml'",
            dangerous: &[
                "find . -exec sh -c id ';'",
                "find . -fprint /tmp/x",
                "find . -delete",
                "find . -fls out.txt",
            ],
        },
        Row {
            benign: &["tar -tf a.tar", "tar -tvf b.tar"],
            after: "tar -tf c.tar",
            dangerous: &[
                "tar --to-command='sh -c id' -xf a.tar",
                "tar --checkpoint=1 --checkpoint-action=exec='sh -c id' -cf a.tar src",
                "tar -I 'sh -c id' -xf a.tar",
            ],
        },
        Row {
            benign: &["less README.md", "less src/a.rs"],
            after: "less src/b.rs",
            dangerous: &["LESSOPEN='|sh -c id %s' less README.md", "less '+!id' README.md"],
        },
        Row {
            benign: &["gdb --version"],
            after: "gdb --version",
            dangerous: &["gdb -ex 'shell id' ./a.out", "gdb -batch -x /tmp/x ./a.out"],
        },
        Row {
            benign: &["vim --version"],
            after: "vim --version",
            dangerous: &["vim -c '!id' README.md", "vim '+!id' README.md"],
        },
    ]);
    // The pattern matched but the effect changed: the verdict says why.
    let v = t.check_json("shell", "execute", "sed 's/x/y/w out.txt' README.md", &[]);
    assert_eq!(v["decision"], "ask", "{v}");
    let why = v["learned"]["effect_changed"].as_str().unwrap_or_default();
    assert!(why.contains("file_write"), "{v}");
    assert!(v["reason"].as_str().unwrap_or_default().contains("never had"), "{v}");
}

#[test]
fn containers_clusters_and_forges_are_never_widened_into_destruction() {
    table(&[
        Row {
            benign: &["docker image ls", "docker image ls -a"],
            after: "docker image ls --digests",
            dangerous: &["docker image prune -af", "docker image rm x", "docker system prune -af"],
        },
        Row {
            benign: &["kubectl config view", "kubectl config view --minify"],
            after: "kubectl config view -o yaml",
            dangerous: &["kubectl config view --raw", "kubectl config use-context prod"],
        },
        Row {
            benign: &["gh pr view 1", "gh pr view 3", "gh pr view --comments 4"],
            after: "gh pr view 2",
            dangerous: &["gh pr merge --admin 1", "gh pr close 1"],
        },
        Row {
            benign: &["gh pr merge 1"],
            after: "gh pr merge 1",
            dangerous: &["gh pr merge --admin 2"],
        },
    ]);
}

#[test]
fn the_effect_signature_survives_a_reindex() {
    let rows = [Row {
        benign: &["sed -n 1p README.md", "sed -n 2p README.md"],
        after: "sed -n 3p README.md",
        dangerous: &["sed 's/x/y/w out.txt' README.md"],
    }];
    let t = table(&rows);
    let before = t.run(&["patterns", "--json"]).json();
    let learned = before["patterns"]
        .as_array()
        .and_then(|ps| ps.iter().find(|p| p["pattern"] == "sed*"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(learned["effect"]["tier"], "low", "{before}");
    assert_eq!(learned["effect"]["factors"], serde_json::json!([]), "{before}");
    t.run(&["reindex"]).code(0);
    let after = t.run(&["patterns", "--json"]).json();
    assert_eq!(before, after);
    let v = t.check_json("shell", "execute", "sed 's/x/y/w out.txt' README.md", &[]);
    assert_ne!(v["decision"], "allow", "{v}");
}

#[test]
fn compound_parts_keep_their_own_signature() {
    let t = table(&[Row {
        benign: &["cat src/f1.rs", "cat src/f2.rs"],
        after: "cat src/f3.rs",
        dangerous: &[
            "cat src/f1.rs; cat < ~/.ssh/id_rsa",
            "cat src/f1.rs && cat <(cat /etc/shadow)",
            "cat src/f1.rs | sed 's/x/y/w out.txt'",
        ],
    }]);
    // Both parts learned and benign: the compound command is allowed part by part.
    let v = t.check_json("shell", "execute", "cat src/f4.rs; cat src/f5.rs", &[]);
    assert_eq!(v["decision"], "allow", "{v}");
    assert_eq!(v["decided_by"], "compound", "{v}");
}

#[test]
fn an_exact_scope_whose_effect_changed_is_not_allowed_by_learning() {
    let mut t = TestEnv::with_project();
    for _ in 0..10 {
        let v = t.check_json("shell", "execute", "make docs", &[]);
        assert_ne!(v["decision"], "allow", "{v}");
        t.run(&["approve", &TestEnv::challenge(&v), "--yes"]).code(0);
        t.use_approval("shell", "execute", "make docs", &[]);
        t.now = at(&t.now, 120);
    }
    assert_eq!(t.check_json("shell", "execute", "make docs", &[])["decision"], "allow");
    // The same words now carry a risk factor the approvals were never on.
    t.write(
        ".aiperture/config.toml",
        "[[risk.rule]]\nprogram = \"make\"\nargs = \"docs\"\ntier = \"medium\"\nfactor = \"docs_publish\"\n",
    );
    let v = t.check_json("shell", "execute", "make docs", &[]);
    assert_eq!(v["decision"], "ask", "{v}");
    assert_eq!(v["learned"]["status"], "auto_allow", "{v}");
    let why = v["learned"]["effect_changed"].as_str().unwrap_or_default();
    assert!(why.contains("docs_publish"), "{v}");
    assert_eq!(v["recommendation"]["code"], "review", "{v}");
}

#[test]
fn another_program_environment_or_run_time_operand_is_not_the_learned_command() {
    table(&[
        Row {
            benign: &["cat src/f1.rs", "cat src/f2.rs", "cat README.md"],
            after: "cat src/f3.rs",
            dangerous: &[
                "./cat src/f1.rs",
                "/tmp/x/cat src/f1.rs",
                "bin/cat src/f1.rs",
                "cat $GOOGLE_APPLICATION_CREDENTIALS",
                "cat \"$1\"",
                "cat $(curl -s https://example.com/p)",
                "cat `echo src/f1.rs`",
                "cat ${X[$(id)]}",
                "LD_PRELOAD=/tmp/x.so cat src/f1.rs",
            ],
        },
        Row {
            benign: &["ls -la", "ls src", "ls -l docs"],
            after: "ls docs",
            dangerous: &[
                "ls $(curl -s https://example.com)",
                "ls src/$(id)",
                "ls ${X@P}",
                "ls() { id; }; ls -la",
                "function ls { id; }; ls",
            ],
        },
        Row {
            benign: &["git log --oneline -5", "git log -3", "git log --stat"],
            after: "git log --oneline -20",
            dangerous: &[
                "./git log -3",
                "GIT_DIR=/tmp/evil/.git git log",
                "GIT_TRACE=/tmp/x git log",
                "HOME=/tmp/evil git log",
                "PATH=/tmp/evil:$PATH git log",
                "XDG_CONFIG_HOME=/tmp/evil git log",
                "PATH=.:$PATH; git log",
                "export GIT_DIR=/tmp/evil/.git; git log",
            ],
        },
        Row {
            benign: &["gh pr view 1", "gh pr view 3", "gh pr view --comments 4"],
            after: "gh pr view 2",
            dangerous: &["BROWSER='sh -c id' gh pr view 1 --web", "gh pr checkout 1"],
        },
        Row {
            benign: &["kubectl get pods", "kubectl get pods -n x", "kubectl get deploy"],
            after: "kubectl get svc",
            dangerous: &[
                "KUBECONFIG=/tmp/evil kubectl get pods",
                "kubectl get pods --as=system:admin",
                "kubectl get pods --server=https://example.com",
                "kubectl get pods --kubeconfig=/tmp/evil",
            ],
        },
        Row {
            benign: &["npm test", "npm test -- a.test.js"],
            after: "npm test -- b.test.js",
            dangerous: &["npm test --prefix=/tmp/evil", "NPM_CONFIG_USERCONFIG=/tmp/x npm test"],
        },
        Row {
            benign: &["cargo check", "cargo check --all-targets"],
            after: "cargo check --tests",
            dangerous: &[
                "cargo check --manifest-path=/tmp/evil/Cargo.toml",
                "CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_RUNNER=/tmp/x cargo check",
            ],
        },
    ]);
}

#[test]
fn abbreviated_and_respelled_options_are_the_same_option() {
    table(&[
        Row {
            benign: &["git log --oneline -5", "git log -3", "git log --stat"],
            after: "git log --oneline -20",
            dangerous: &["git log --outp=x", "git log --outpu=/tmp/x"],
        },
        Row {
            benign: &["git fetch", "git fetch origin", "git fetch --prune"],
            after: "git fetch --all",
            dangerous: &["git fetch --upl='sh -c id' origin", "git fetch --upload-pac=x"],
        },
        Row {
            benign: &["git grep -n foo", "git grep bar src", "git grep -i baz"],
            after: "git grep -n qux",
            dangerous: &["git grep --open='sh -c id' foo", "git grep --open-files=x foo"],
        },
        Row {
            benign: &["git branch", "git branch -a", "git branch --list"],
            after: "git branch -v",
            dangerous: &["git branch --del main", "git branch --edit-descr"],
        },
        Row {
            benign: &["git stash list", "git stash list -n 3"],
            after: "git stash list --stat",
            dangerous: &["git stash show --output=x", "git stash list -p --output=x"],
        },
        Row {
            benign: &["go test ./...", "go test ./pkg/...", "go test -run TestA ./..."],
            after: "go test -v ./...",
            dangerous: &[
                "go test --exec 'sh -c id' ./...",
                "go test --toolexec=/tmp/x ./...",
                "go test -coverprofile=/tmp/x ./...",
                "go test -ldflags=-extld=/tmp/x ./...",
            ],
        },
        Row {
            benign: &["go env", "go env GOPATH", "go env GOOS"],
            after: "go env GOARCH",
            dangerous: &["go env --w GOPROXY=https://example.com"],
        },
        Row {
            benign: &["go vet ./...", "go vet ./pkg/..."],
            after: "go vet ./cmd/...",
            dangerous: &["go vet --vettool=/tmp/x ./..."],
        },
        Row {
            benign: &["npm test", "npm test -- a.test.js"],
            after: "npm test -- b.test.js",
            dangerous: &[
                "npm test --script-sh=/tmp/x",
                "npm test --node-opt='--require /tmp/x.js'",
                "npm test --user=/tmp/x",
            ],
        },
        Row {
            benign: &["pnpm test", "pnpm test -- a"],
            after: "pnpm test -- b",
            dangerous: &["pnpm test --config.script-shell=/tmp/x"],
        },
    ]);
}

#[test]
fn writes_environment_prints_and_state_changes_beyond_the_first_table() {
    table(&[
        Row {
            benign: &["sort names.txt", "sort -u names.txt"],
            after: "sort -r names.txt",
            dangerous: &["sort -o x names.txt", "sort names.txt --output=x"],
        },
        Row { benign: &["tree", "tree src"], after: "tree docs", dangerous: &["tree -o out.txt"] },
        Row {
            benign: &["ps aux", "ps -ef"],
            after: "ps -eo pid,etime",
            dangerous: &["ps eww", "ps aux e"],
        },
        Row {
            benign: &["jq . package.json", "jq .name package.json"],
            after: "jq .version package.json",
            dangerous: &["jq -n env", "jq -n '$ENV'", "jq -r 'env.AWS_SECRET_ACCESS_KEY' a.json"],
        },
        Row {
            benign: &["git switch main", "git switch -c x"],
            after: "git switch dev",
            dangerous: &[
                "git switch -f main",
                "git switch -C main",
                "git switch --discard-changes main",
            ],
        },
        Row {
            benign: &["git commit -m wip", "git commit -m fix"],
            after: "git commit -m docs",
            dangerous: &["git commit --amend -m x"],
        },
        Row {
            benign: &["git submodule status", "git submodule status --cached"],
            after: "git submodule status --recursive",
            dangerous: &[
                "git submodule add https://example.com/x",
                "git submodule update --init",
                "git submodule sync",
            ],
        },
        Row {
            benign: &["gcloud config list", "gcloud config list --format json"],
            after: "gcloud config list --all",
            dangerous: &["gcloud config set project evil", "gcloud config unset project"],
        },
        Row {
            benign: &["gh run view 1", "gh run view 3"],
            after: "gh run view 2",
            dangerous: &["gh run download 1"],
        },
        Row {
            benign: &["docker compose ps", "docker compose ps -a"],
            after: "docker compose ps --services",
            dangerous: &["docker compose config", "docker compose build", "docker compose pull"],
        },
        Row {
            benign: &["docker build .", "docker build -t x ."],
            after: "docker build -t y .",
            dangerous: &[
                "docker build -o /tmp/x .",
                "docker build --output=out .",
                "docker build --ssh default .",
                "docker build --secret id=x,src=a .",
            ],
        },
        Row {
            benign: &["go mod tidy", "go mod tidy -e"],
            after: "go mod tidy -v",
            dangerous: &["go mod edit -replace=example.com/x=example.com/y@v1.0.0"],
        },
    ]);
}

#[test]
fn programs_without_a_known_subcommand_list_learn_their_first_word_only() {
    table(&[
        Row {
            benign: &["tmux ls", "tmux ls -F '#{session_name}'"],
            after: "tmux ls",
            dangerous: &[
                "tmux send-keys -t 0 'rm -rf ~' Enter",
                "tmux run-shell id",
                "tmux ls -F '#(id)'",
                "tmux ls \\; run-shell id",
            ],
        },
        Row {
            benign: &["sqlite3 db.sqlite .tables"],
            after: "sqlite3 db.sqlite .tables",
            dangerous: &["sqlite3 db.sqlite '.shell id'", "sqlite3 db.sqlite '.system id'"],
        },
        Row {
            benign: &["pipenv graph", "pipenv graph --json"],
            after: "pipenv graph --bare",
            dangerous: &["pipenv sync", "pipenv clean", "pipenv --rm", "pipenv run id"],
        },
        Row {
            benign: &["direnv status", "direnv status --json"],
            after: "direnv status",
            dangerous: &["direnv export bash", "direnv fetchurl https://example.com/x"],
        },
        Row {
            benign: &["hg status", "hg status -m"],
            after: "hg status -a",
            dangerous: &["hg status --config hooks.pre-status=id", "hg update -C"],
        },
        Row {
            benign: &["sed -n 1p README.md", "sed -n 2p README.md"],
            after: "sed -n 3p README.md",
            dangerous: &["sed '1e id' README.md", "sed --expression='1e id' README.md"],
        },
        Row {
            benign: &["uniq a.txt", "uniq -c a.txt"],
            after: "uniq b.txt",
            dangerous: &["uniq a.txt out.txt"],
        },
    ]);
}

#[test]
fn a_group_subcommand_learns_one_verb_at_a_time() {
    table(&[
        Row {
            benign: &["git lfs ls-files", "git lfs ls-files -l"],
            after: "git lfs ls-files --size",
            dangerous: &["git lfs push --all origin", "git lfs install", "git lfs prune"],
        },
        Row {
            benign: &["aws s3 ls", "aws s3 ls s3://bucket"],
            after: "aws s3 ls s3://other",
            dangerous: &[
                "aws s3 mb s3://x",
                "aws s3 website s3://b --index-document x",
                "aws s3 rm s3://bucket --recursive",
            ],
        },
        Row {
            benign: &["gcloud compute instances list", "gcloud compute instances list --zone x"],
            after: "gcloud compute instances list --zone y",
            dangerous: &[
                "gcloud compute instances add-metadata x --metadata startup-script=id",
                "gcloud compute instances delete x",
            ],
        },
        Row {
            benign: &["glab mr list", "glab mr list --all"],
            after: "glab mr list --merged",
            dangerous: &["glab mr checkout 1", "glab mr merge 1"],
        },
        Row {
            benign: &["nix flake show", "nix flake show --json"],
            after: "nix flake show --all-systems",
            dangerous: &["nix flake update"],
        },
        Row {
            benign: &["git stash list", "git stash list -n 3"],
            after: "git stash list --stat",
            dangerous: &["git stash", "git stash push -u", "git stash apply"],
        },
    ]);
}

#[test]
fn package_sources_identities_and_hidden_operands_are_not_the_learned_effect() {
    table(&[
        Row {
            benign: &["uv sync", "uv sync --frozen"],
            after: "uv sync --all-extras",
            dangerous: &[
                "uv sync --index-url https://example.com/simple",
                "uv sync --extra-index-url https://example.com/simple",
                "uv sync --find-links ./wheels",
            ],
        },
        Row {
            benign: &["terraform plan", "terraform plan -out=tfplan"],
            after: "terraform plan -out=tfplan2",
            dangerous: &[
                "terraform plan -chdir=/tmp/evil",
                "terraform plan -var-file=/tmp/x.tfvars",
                "terraform plan -generate-config-out=gen.tf",
                "terraform plan -state=other.tfstate",
            ],
        },
        Row {
            benign: &["terraform init", "terraform init -upgrade"],
            after: "terraform init -input=false",
            dangerous: &[
                "terraform init -plugin-dir=plugins",
                "terraform init -from-module=https://example.com/m",
                "terraform init -backend-config=other.hcl",
                "terraform init -migrate-state",
            ],
        },
        Row {
            benign: &["helm list", "helm list -A"],
            after: "helm list -n x",
            dangerous: &["helm list --kube-as-user admin", "helm list --kube-token=x"],
        },
        Row {
            benign: &["sort names.txt", "sort -u names.txt"],
            after: "sort -r names.txt",
            dangerous: &["sort --files0-from=list.txt", "sort --files0=list.txt"],
        },
        Row {
            benign: &["wc -l src/a.rs", "wc README.md"],
            after: "wc -c README.md",
            dangerous: &["wc --files0-from=list.txt"],
        },
    ]);
}

#[test]
fn build_tools_learn_one_goal_and_project_tasks_one_task() {
    table(&[
        Row {
            benign: &["mvn test"],
            after: "mvn test",
            dangerous: &["mvn test exec:exec -Dexec.executable=id", "mvn test deploy"],
        },
        Row { benign: &["gradle test"], after: "gradle test", dangerous: &["gradle test publish"] },
        Row {
            benign: &["cargo xtask ci", "cargo xtask ci --quick"],
            after: "cargo xtask ci --full",
            dangerous: &["cargo xtask release", "cargo xtask deploy --prod"],
        },
    ]);
}
