-- =====
-- OptiInfra ClickHouse time-series schema, as EdgeHouse ships it.
-- The four tables are the seed's, unchanged. The four hourly views keep the seed's names and
-- intent but are corrected: every dimension is in the sorting key, counts survive merges,
-- averages are stored as states (or as a sum and a count). Each deviation and its evidence:
-- schema/README.md. Runs unchanged on ClickHouse 26.9; ClickHouse 18.16 accepts it once the
-- TTL clauses are removed (18.16 predates TTL).
-- =====

CREATE DATABASE IF NOT EXISTS optiinfra;
USE optiinfra;

-- TABLE 1: cloud costs per instance per hour, 90-day retention
CREATE TABLE IF NOT EXISTS cost_metrics_ts (
    timestamp DateTime,
    customer_id UUID,
    cloud_provider String,
    service_name String,
    instance_id String,
    instance_type String,
    region String,
    cost_per_hour Float64,
    utilization_percent Float32,
    is_spot UInt8,
    is_reserved UInt8
)
ENGINE = MergeTree()
PARTITION BY toYYYYMM(timestamp)
ORDER BY (customer_id, cloud_provider, timestamp)
TTL timestamp + INTERVAL 90 DAY
SETTINGS index_granularity = 8192;

-- TABLE 2: LLM inference performance per request, 30-day retention
CREATE TABLE IF NOT EXISTS performance_metrics_ts (
    timestamp DateTime,
    customer_id UUID,
    service_id UUID,
    service_type String,
    model_name String,
    request_id UUID,
    latency_ms Float32,
    throughput_tokens_per_sec Float32,
    gpu_utilization Float32,
    kv_cache_utilization Float32,
    batch_size UInt32,
    prompt_tokens UInt32,
    completion_tokens UInt32,
    total_tokens UInt32
)
ENGINE = MergeTree()
PARTITION BY toYYYYMM(timestamp)
ORDER BY (customer_id, service_id, timestamp)
TTL timestamp + INTERVAL 30 DAY
SETTINGS index_granularity = 8192;

-- TABLE 3: GPU/CPU utilization per minute, 90-day retention
CREATE TABLE IF NOT EXISTS resource_metrics_ts (
    timestamp DateTime,
    customer_id UUID,
    instance_id String,
    instance_type String,
    gpu_index UInt8,
    gpu_utilization Float32,
    gpu_memory_used_mb Float32,
    gpu_memory_total_mb Float32,
    gpu_temperature Float32,
    cpu_utilization Float32,
    memory_used_gb Float32,
    memory_total_gb Float32,
    network_rx_mbps Float32,
    network_tx_mbps Float32
)
ENGINE = MergeTree()
PARTITION BY toYYYYMM(timestamp)
ORDER BY (customer_id, instance_id, timestamp)
TTL timestamp + INTERVAL 90 DAY
SETTINGS index_granularity = 8192;

-- TABLE 4: LLM output quality per request, 30-day retention
CREATE TABLE IF NOT EXISTS quality_metrics_ts (
    timestamp DateTime,
    customer_id UUID,
    service_id UUID,
    request_id UUID,
    model_name String,
    relevance_score Float32,
    coherence_score Float32,
    factuality_score Float32,
    hallucination_detected UInt8,
    toxicity_score Float32,
    overall_quality_score Float32,
    prompt_hash String,
    latency_ms UInt32
)
ENGINE = MergeTree()
PARTITION BY toYYYYMM(timestamp)
ORDER BY (customer_id, service_id, timestamp)
TTL timestamp + INTERVAL 30 DAY
SETTINGS index_granularity = 8192;

-- VIEW 1: hourly cost. SummingMergeTree sums every numeric non-key column on merge, so it
-- stores sums only: avg utilization = sum(utilization_sum) / sum(sample_count).
CREATE MATERIALIZED VIEW IF NOT EXISTS cost_metrics_hourly_mv
ENGINE = SummingMergeTree()
PARTITION BY toYYYYMM(hour)
ORDER BY (customer_id, cloud_provider, service_name, hour)
POPULATE
AS SELECT
    toStartOfHour(timestamp) AS hour,
    customer_id,
    cloud_provider,
    service_name,
    sum(cost_per_hour) AS total_cost,
    sum(utilization_percent) AS utilization_sum,
    count() AS sample_count
FROM cost_metrics_ts
GROUP BY hour, customer_id, cloud_provider, service_name;

-- VIEW 2: hourly latency (avg, P95, P99), throughput, GPU utilization and request count.
CREATE MATERIALIZED VIEW IF NOT EXISTS performance_metrics_hourly_mv
ENGINE = AggregatingMergeTree()
PARTITION BY toYYYYMM(hour)
ORDER BY (customer_id, service_id, hour, service_type)
POPULATE
AS SELECT
    toStartOfHour(timestamp) AS hour,
    customer_id,
    service_id,
    service_type,
    avgState(latency_ms) AS avg_latency,
    quantileState(0.95)(latency_ms) AS p95_latency,
    quantileState(0.99)(latency_ms) AS p99_latency,
    avgState(throughput_tokens_per_sec) AS avg_throughput,
    avgState(gpu_utilization) AS avg_gpu_util,
    countState() AS request_count
FROM performance_metrics_ts
GROUP BY hour, customer_id, service_id, service_type;

-- VIEW 3: hourly GPU/CPU utilization.
CREATE MATERIALIZED VIEW IF NOT EXISTS resource_metrics_hourly_mv
ENGINE = AggregatingMergeTree()
PARTITION BY toYYYYMM(hour)
ORDER BY (customer_id, instance_id, hour, instance_type)
POPULATE
AS SELECT
    toStartOfHour(timestamp) AS hour,
    customer_id,
    instance_id,
    instance_type,
    avgState(gpu_utilization) AS avg_gpu_util,
    maxState(gpu_utilization) AS max_gpu_util,
    avgState(gpu_memory_used_mb) AS avg_gpu_memory,
    avgState(cpu_utilization) AS avg_cpu_util,
    countState() AS sample_count
FROM resource_metrics_ts
GROUP BY hour, customer_id, instance_id, instance_type;

-- VIEW 4: hourly quality scores, hallucinations and request count.
CREATE MATERIALIZED VIEW IF NOT EXISTS quality_metrics_hourly_mv
ENGINE = AggregatingMergeTree()
PARTITION BY toYYYYMM(hour)
ORDER BY (customer_id, service_id, hour, model_name)
POPULATE
AS SELECT
    toStartOfHour(timestamp) AS hour,
    customer_id,
    service_id,
    model_name,
    avgState(overall_quality_score) AS avg_quality,
    avgState(relevance_score) AS avg_relevance,
    avgState(coherence_score) AS avg_coherence,
    avgState(factuality_score) AS avg_factuality,
    sumState(hallucination_detected) AS hallucination_count,
    countState() AS request_count
FROM quality_metrics_ts
GROUP BY hour, customer_id, service_id, model_name;
