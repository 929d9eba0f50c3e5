//! A tenant's provisioning job in Microsoft Graph: fetch with GET, trees of changed Function
//! sources from the job's parseExpression, and a whole-schema PUT (never PATCH).

use async_trait::async_trait;
use serde_json::Value;
use tokio::sync::OnceCell;

use crate::engine::Trees;
use crate::environment::{Environment, GraphSettings};
use crate::error::{Error, Result};
use crate::graph::url_safety::is_loopback;
use crate::graph::{GraphClient, GraphTarget, RetryPolicy, http_client, token_source};
use crate::location::Location;
use crate::store::{Fetched, Store};

pub struct GraphStore {
    client: GraphClient,
    /// The job as configured, or found by template on first use.
    job: OnceCell<String>,
    template: Option<String>,
    describe: String,
}

impl GraphStore {
    /// Connect to the job an environment names (nothing is sent until the first request).
    pub fn open(env: &Environment, settings: &GraphSettings) -> Result<Self> {
        let policy = RetryPolicy::default();
        let auth = token_source(env, http_client(&policy, is_loopback(&settings.authority))?)?;
        let client = GraphClient::new(GraphTarget::from_settings(settings), auth, policy)?;
        let job = match (&settings.job, &settings.template) {
            (Some(job), _) => format!("job {job}"),
            (None, Some(template)) => format!("the {template} job"),
            (None, None) => "a job".to_owned(),
        };
        let describe = format!(
            "{job} of service principal {} at {}",
            settings.service_principal, settings.graph
        );
        Ok(Self::new(
            client,
            settings.job.clone(),
            settings.template.clone(),
            describe,
        ))
    }

    pub fn new(
        client: GraphClient,
        job: Option<String>,
        template: Option<String>,
        describe: String,
    ) -> Self {
        let cell = OnceCell::new();
        if let Some(job) = job {
            let _ = cell.set(job);
        }
        Self {
            client,
            job: cell,
            template,
            describe,
        }
    }

    async fn job_id(&self) -> Result<&str> {
        let job = self
            .job
            .get_or_try_init(|| async {
                match &self.template {
                    Some(template) => self.client.find_job(template).await,
                    None => Err(Error::Refused {
                        message: "the environment names neither `job` nor `template`".into(),
                        hint: Some(
                            "add `job: <job id>` or `template: API2AAD` to the environment".into(),
                        ),
                    }),
                }
            })
            .await?;
        Ok(job.as_str())
    }
}

#[async_trait]
impl Store for GraphStore {
    fn describe(&self) -> String {
        self.describe.clone()
    }

    async fn job(&self) -> Result<String> {
        Ok(self.job_id().await?.to_owned())
    }

    async fn fetch(&self) -> Result<Fetched> {
        let job = self.job_id().await?;
        Ok(Fetched::new(self.client.get_schema(job).await?.document))
    }

    async fn trees(&self, _schema: &Value, expressions: &[(String, Location)]) -> Result<Trees> {
        let job = self.job_id().await?.to_owned();
        let mut trees = Trees::new();
        for (text, at) in expressions {
            if trees.contains_key(text) {
                continue;
            }
            let parsed = self.client.parse_expression(&job, text).await?;
            match parsed.tree {
                Some(tree) if parsed.parsing_succeeded => {
                    trees.insert(text.clone(), tree);
                }
                _ => {
                    return Err(Error::Expression {
                        location: at.clone(),
                        message: format!(
                            "the service cannot parse this expression: {}",
                            parsed.error.as_deref().unwrap_or("no reason given")
                        ),
                        snippet: None,
                        hint: Some(
                            "nothing was sent to the tenant; fix the expression and plan again"
                                .into(),
                        ),
                    });
                }
            }
        }
        Ok(trees)
    }

    async fn put(&self, _base: &Fetched, desired: &Value) -> Result<()> {
        let job = self.job_id().await?;
        self.client.put_schema(job, desired).await
    }
}
