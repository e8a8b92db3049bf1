CREATE DATABASE IF NOT EXISTS optiinfra;
USE optiinfra;

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

INSERT INTO optiinfra.cost_metrics_ts VALUES ('2026-11-20 10:00:00', '123e4567-e89b-12d3-a456-426614174000', 'aws', 'ec2', 'i-1', 'm5.xlarge', 'us-east-1', 0.192, 45.5, 0, 0), ('2026-11-20 10:30:00', '123e4567-e89b-12d3-a456-426614174000', 'aws', 'ec2', 'i-2', 'm5.xlarge', 'us-east-1', 0.1, 50, 1, 0), ('2026-11-20 10:10:00', '123e4567-e89b-12d3-a456-426614174000', 'aws', 's3', 'b-1', 'standard', 'us-east-1', 0.3, 10, 0, 0), ('2026-11-20 11:00:00', '123e4567-e89b-12d3-a456-426614174000', 'gcp', 'gce', 'g-1', 'n1', 'us-central1', 1.0, 20, 0, 1);
INSERT INTO optiinfra.cost_metrics_ts VALUES ('2026-11-20 10:45:00', '123e4567-e89b-12d3-a456-426614174000', 'aws', 'ec2', 'i-1', 'm5.xlarge', 'us-east-1', 0.2, 30, 0, 0);
INSERT INTO optiinfra.performance_metrics_ts VALUES ('2026-11-20 10:05:00', '123e4567-e89b-12d3-a456-426614174000', '456e7890-e89b-12d3-a456-426614174000', 'vllm', 'llama', '00000000-0000-0000-0000-000000000001', 100, 50, 60, 0.5, 8, 100, 50, 150), ('2026-11-20 10:15:00', '123e4567-e89b-12d3-a456-426614174000', '456e7890-e89b-12d3-a456-426614174000', 'vllm', 'llama', '00000000-0000-0000-0000-000000000002', 200, 60, 70, 0.5, 8, 100, 50, 150), ('2026-11-20 10:25:00', '123e4567-e89b-12d3-a456-426614174000', '456e7890-e89b-12d3-a456-426614174000', 'vllm', 'llama', '00000000-0000-0000-0000-000000000003', 300, 70, 80, 0.5, 8, 100, 50, 150), ('2026-11-20 11:00:00', '123e4567-e89b-12d3-a456-426614174000', '456e7890-e89b-12d3-a456-426614174000', 'vllm', 'llama', '00000000-0000-0000-0000-000000000004', 400, 80, 90, 0.5, 8, 100, 50, 150);
INSERT INTO optiinfra.performance_metrics_ts VALUES ('2026-11-20 10:35:00', '123e4567-e89b-12d3-a456-426614174000', '456e7890-e89b-12d3-a456-426614174000', 'vllm', 'llama', '00000000-0000-0000-0000-000000000005', 500, 90, 95, 0.5, 8, 100, 50, 150), ('2026-11-20 10:45:00', '123e4567-e89b-12d3-a456-426614174000', '456e7890-e89b-12d3-a456-426614174000', 'vllm', 'llama', '00000000-0000-0000-0000-000000000006', 600, 100, 99, 0.5, 8, 100, 50, 150);
INSERT INTO optiinfra.resource_metrics_ts VALUES ('2026-11-20 10:00:00', '123e4567-e89b-12d3-a456-426614174000', 'i-1', 'p4d', 0, 50, 1000, 80000, 60, 30, 100, 1000, 10, 20), ('2026-11-20 10:01:00', '123e4567-e89b-12d3-a456-426614174000', 'i-1', 'p4d', 1, 90, 2000, 80000, 70, 40, 100, 1000, 10, 20), ('2026-11-20 11:00:00', '123e4567-e89b-12d3-a456-426614174000', 'i-1', 'p4d', 0, 70, 3000, 80000, 65, 50, 100, 1000, 10, 20);
INSERT INTO optiinfra.quality_metrics_ts VALUES ('2026-11-20 10:05:00', '123e4567-e89b-12d3-a456-426614174000', '456e7890-e89b-12d3-a456-426614174000', '00000000-0000-0000-0000-000000000001', 'llama', 0.9, 0.8, 0.7, 1, 0.1, 0.85, 'h1', 100), ('2026-11-20 10:15:00', '123e4567-e89b-12d3-a456-426614174000', '456e7890-e89b-12d3-a456-426614174000', '00000000-0000-0000-0000-000000000002', 'llama', 0.7, 0.6, 0.5, 0, 0.2, 0.65, 'h2', 200), ('2026-11-20 11:05:00', '123e4567-e89b-12d3-a456-426614174000', '456e7890-e89b-12d3-a456-426614174000', '00000000-0000-0000-0000-000000000003', 'llama', 0.5, 0.5, 0.5, 1, 0.3, 0.5, 'h3', 300);

SELECT hour, cloud_provider, service_name, sum(total_cost) AS total_cost, sum(utilization_sum) / sum(sample_count) AS avg_utilization, sum(sample_count) AS samples FROM optiinfra.cost_metrics_hourly_mv WHERE customer_id = '123e4567-e89b-12d3-a456-426614174000' AND hour >= '2026-11-20 00:00:00' AND hour < '2026-11-21 00:00:00' GROUP BY hour, cloud_provider, service_name ORDER BY hour, cloud_provider, service_name;
SELECT avgMerge(avg_latency) AS avg_latency, quantileMerge(0.95)(p95_latency) AS p95_latency, quantileMerge(0.99)(p99_latency) AS p99_latency, avgMerge(avg_throughput) AS avg_throughput, countMerge(request_count) AS total_requests FROM optiinfra.performance_metrics_hourly_mv WHERE customer_id = '123e4567-e89b-12d3-a456-426614174000' AND service_id = '456e7890-e89b-12d3-a456-426614174000' AND hour >= '2026-11-20 00:00:00' AND hour < '2026-11-21 00:00:00';
SELECT avgMerge(avg_gpu_util) AS avg_gpu_util, maxMerge(max_gpu_util) AS max_gpu_util, avgMerge(avg_gpu_memory) AS avg_gpu_memory, avgMerge(avg_cpu_util) AS avg_cpu_util FROM optiinfra.resource_metrics_hourly_mv WHERE customer_id = '123e4567-e89b-12d3-a456-426614174000' AND instance_id = 'i-1' AND hour >= '2026-11-20 00:00:00' AND hour < '2026-11-21 00:00:00';
SELECT hour, avgMerge(avg_quality) AS avg_quality, avgMerge(avg_relevance) AS avg_relevance, avgMerge(avg_coherence) AS avg_coherence, avgMerge(avg_factuality) AS avg_factuality, sumMerge(hallucination_count) AS hallucinations, countMerge(request_count) AS total_requests FROM optiinfra.quality_metrics_hourly_mv WHERE customer_id = '123e4567-e89b-12d3-a456-426614174000' AND service_id = '456e7890-e89b-12d3-a456-426614174000' AND hour >= '2026-11-20 00:00:00' AND hour < '2026-11-21 00:00:00' GROUP BY hour ORDER BY hour;
OPTIMIZE TABLE optiinfra.cost_metrics_hourly_mv FINAL;
OPTIMIZE TABLE optiinfra.performance_metrics_hourly_mv FINAL;
OPTIMIZE TABLE optiinfra.quality_metrics_hourly_mv FINAL;

SELECT hour, cloud_provider, service_name, sum(total_cost) AS total_cost, sum(utilization_sum) / sum(sample_count) AS avg_utilization, sum(sample_count) AS samples FROM optiinfra.cost_metrics_hourly_mv WHERE customer_id = '123e4567-e89b-12d3-a456-426614174000' AND hour >= '2026-11-20 00:00:00' AND hour < '2026-11-21 00:00:00' GROUP BY hour, cloud_provider, service_name ORDER BY hour, cloud_provider, service_name;
SELECT avgMerge(avg_latency) AS avg_latency, quantileMerge(0.95)(p95_latency) AS p95_latency, quantileMerge(0.99)(p99_latency) AS p99_latency, avgMerge(avg_throughput) AS avg_throughput, countMerge(request_count) AS total_requests FROM optiinfra.performance_metrics_hourly_mv WHERE customer_id = '123e4567-e89b-12d3-a456-426614174000' AND service_id = '456e7890-e89b-12d3-a456-426614174000' AND hour >= '2026-11-20 00:00:00' AND hour < '2026-11-21 00:00:00';
SELECT avgMerge(avg_gpu_util) AS avg_gpu_util, maxMerge(max_gpu_util) AS max_gpu_util, avgMerge(avg_gpu_memory) AS avg_gpu_memory, avgMerge(avg_cpu_util) AS avg_cpu_util FROM optiinfra.resource_metrics_hourly_mv WHERE customer_id = '123e4567-e89b-12d3-a456-426614174000' AND instance_id = 'i-1' AND hour >= '2026-11-20 00:00:00' AND hour < '2026-11-21 00:00:00';
SELECT hour, avgMerge(avg_quality) AS avg_quality, avgMerge(avg_relevance) AS avg_relevance, avgMerge(avg_coherence) AS avg_coherence, avgMerge(avg_factuality) AS avg_factuality, sumMerge(hallucination_count) AS hallucinations, countMerge(request_count) AS total_requests FROM optiinfra.quality_metrics_hourly_mv WHERE customer_id = '123e4567-e89b-12d3-a456-426614174000' AND service_id = '456e7890-e89b-12d3-a456-426614174000' AND hour >= '2026-11-20 00:00:00' AND hour < '2026-11-21 00:00:00' GROUP BY hour ORDER BY hour;
