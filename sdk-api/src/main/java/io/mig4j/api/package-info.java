package io.mig4j.api;
