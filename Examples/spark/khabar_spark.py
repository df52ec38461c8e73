#!/usr/bin/env python3
"""Khabar as a stage of Apache Spark: JSONL lines in, JSONL lines out, one line per line.

    python3 Examples/spark/khabar_spark.py INPUT.jsonl OUTPUT_DIR [--khabar PATH] [--partitions N]

Each partition's lines are piped through `khabar extract - --quiet --jobs 1` (RDD.pipe): the
binary reads JSONL on standard input and writes exactly one JSON line per input line, in
order, so the output RDD lines up with the input. On a cluster, ship the binary and its data
with the job (spark-submit --files, or install both on every worker) and set KHABAR_HOME on
the executors (spark.executorEnv.KHABAR_HOME) to the folder that holds Gazetteers/ and Rules/;
parallelism then comes from Spark's partitions (one core each, --jobs 1).
"""
import argparse, os, sys

from pyspark import SparkConf, SparkContext

parser = argparse.ArgumentParser()
parser.add_argument("input")
parser.add_argument("output")
parser.add_argument("--khabar", default=os.environ.get("KHABAR", "khabar"))
parser.add_argument("--partitions", type=int, default=2)
args = parser.parse_args()

conf = SparkConf().setAppName("khabar").setMaster(os.environ.get("SPARK_MASTER", "local[2]"))
env = {"KHABAR_HOME": os.environ["KHABAR_HOME"]} if "KHABAR_HOME" in os.environ else {}
sc = SparkContext(conf=conf)
sc.setLogLevel("ERROR")
lines = sc.textFile(args.input, minPartitions=args.partitions).filter(lambda l: l.strip())
extracted = lines.pipe(f"{args.khabar} extract - --quiet --jobs 1", env=env)
extracted.saveAsTextFile(args.output)
sc.stop()
