package main

import (
	"errors"
	"fmt"
	"os"
	"strconv"
)

// Runs one shipping job; when it panics or fails, reports it like Sentry's Go SDK does.
func main() {
	job, argument, storeURL := os.Args[1], os.Args[2], os.Args[3]
	defer func() {
		if recovered := recover(); recovered != nil {
			report(recovered, 2, storeURL, job)
			os.Exit(1)
		}
	}()
	if err := run(job, argument); err != nil {
		report(err, 0, storeURL, job)
		os.Exit(1)
	}
}

func run(job string, argument string) error {
	switch job {
	case "rate":
		fmt.Println(carrierRate(argument))
	case "zone":
		assignZone(argument, 3)
	case "digit":
		position, _ := strconv.Atoi(argument)
		fmt.Println(trackingDigit([]int{4, 2, 7}, position))
	case "weight":
		weight, err := parseWeight(argument)
		if err != nil {
			return err
		}
		fmt.Println(weight)
	case "split":
		parcels, _ := strconv.Atoi(argument)
		fmt.Println(costPerParcel(120, parcels))
	default:
		return errors.New("unknown job " + job)
	}
	return nil
}
