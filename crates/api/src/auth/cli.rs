//! The command line's ways to end access: `vergleich user disable|enable NAME`,
//! `vergleich token list NAME` and `vergleich token revoke NAME --id N | --label L | --all`. The
//! rules are the application layer's (`vergleich_service::workflow::accounts`); this prints.

use std::io::Write;
use std::process::ExitCode;

use vergleich_store::TokenSelector;

use crate::config::{TokenCommand, UserCommand};

/// `user disable` and `user enable` (the other user commands run in `crate::cli`).
pub async fn user(command: UserCommand) -> anyhow::Result<ExitCode> {
    let (name, db, disabled) = match command {
        UserCommand::Disable { name, db } => (name, db, true),
        UserCommand::Enable { name, db } => (name, db, false),
        UserCommand::Add { .. } | UserCommand::Password { .. } => {
            anyhow::bail!("not a command that ends access")
        }
    };
    let state = crate::startup::build(&db, false).await?;
    let ended = state
        .workflow()
        .set_disabled(&name, disabled, "cli")
        .await?;
    let mut out = std::io::stdout().lock();
    if disabled {
        writeln!(
            out,
            "{name} disabled: API tokens refused, {ended} sessions ended"
        )?;
    } else {
        writeln!(out, "{name} enabled")?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `token list` and `token revoke` (`token create` runs in `crate::cli`).
pub async fn token(command: TokenCommand) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    match command {
        TokenCommand::List { name, db } => {
            let state = crate::startup::build(&db, false).await?;
            for token in state.workflow().tokens(&name).await? {
                let revoked = token
                    .revoked_at
                    .map_or_else(|| "live".to_owned(), |at| format!("revoked {at}"));
                writeln!(
                    out,
                    "{}\t{}\tcreated {}\t{revoked}",
                    token.id, token.label, token.created_at
                )?;
            }
        }
        TokenCommand::Revoke {
            name,
            id,
            label,
            all,
            db,
        } => {
            let which = match (id, label) {
                (Some(id), _) => TokenSelector::Id(id),
                (None, Some(label)) => TokenSelector::Label(label),
                (None, None) if all => TokenSelector::All,
                (None, None) => anyhow::bail!("name the token: --id N, --label LABEL or --all"),
            };
            let state = crate::startup::build(&db, false).await?;
            let revoked = state.workflow().revoke_tokens(&name, &which, "cli").await?;
            writeln!(out, "{revoked} tokens of {name} revoked")?;
        }
        TokenCommand::Create { .. } => anyhow::bail!("not a command that ends access"),
    }
    Ok(ExitCode::SUCCESS)
}
